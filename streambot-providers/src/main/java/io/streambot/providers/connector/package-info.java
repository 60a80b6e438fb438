/** {@code Custom::StreambotConnector}: an event source mapping from a Kinesis or DynamoDB stream to a function. */
package io.streambot.providers.connector;
