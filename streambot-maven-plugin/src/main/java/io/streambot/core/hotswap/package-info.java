/**
 * Hotswap: a code-only change goes live through Lambda's UpdateFunctionCode, without a CloudFormation
 * change set, when nothing but the functions' code differs from the deployed stack.
 */
package io.streambot.core.hotswap;
