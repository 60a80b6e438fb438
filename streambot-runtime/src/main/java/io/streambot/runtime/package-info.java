/**
 * The streambot runtime: wrap a Lambda handler ({@link io.streambot.runtime.Streambot#wrap}) or extend
 * {@link io.streambot.runtime.StreambotRequestHandler} / {@link io.streambot.runtime.StreambotStreamHandler},
 * and read the function's runtime configuration with {@link io.streambot.runtime.StreambotEnv}.
 *
 * <p>Runtime settings (the function's environment variables):
 * <table>
 *   <caption>Environment variables read by the runtime</caption>
 *   <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code STREAMBOT_ENV_TABLE}</td><td>{@code streambot-env}</td><td>the config table</td></tr>
 *   <tr><td>{@code AWS_REGION}</td><td>set by Lambda</td><td>the table's region</td></tr>
 *   <tr><td>{@code STREAMBOT_ENV_TTL}</td><td>{@code 1m}</td><td>how long a loaded configuration is served
 *       before it is read again ({@code 30s}, {@code 5m}, {@code PT5M}; {@code 0s} = every invocation)</td></tr>
 *   <tr><td>{@code STREAMBOT_ENV_MISSING}</td><td>{@code empty}</td><td>no record for the function:
 *       {@code empty} runs with an empty configuration and logs one line, {@code fail} fails the invocation</td></tr>
 *   <tr><td>{@code STREAMBOT_ENDPOINT}</td><td>none</td><td>DynamoDB endpoint override for local runs and
 *       tests (also the system property {@code streambot.endpoint})</td></tr>
 * </table>
 *
 * <p>Everything under {@code io.streambot.runtime.internal} is not API and may change in any release.
 */
package io.streambot.runtime;
