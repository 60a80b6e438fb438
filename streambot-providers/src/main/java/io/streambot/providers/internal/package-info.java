/**
 * Not API: the custom-resource machinery the providers share (request parsing, the one answer to
 * CloudFormation, the watchdog, property validation, SDK clients). May change without notice.
 */
package io.streambot.providers.internal;
