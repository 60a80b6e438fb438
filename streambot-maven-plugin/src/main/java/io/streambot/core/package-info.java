/**
 * The Maven-free core of streambot: bundling, native classifiers, S3, CloudFormation and config records.
 * Nothing here imports {@code org.apache.maven}; the core reports progress through events and return
 * values and signals bad input with typed exceptions that carry the bad value.
 */
package io.streambot.core;
