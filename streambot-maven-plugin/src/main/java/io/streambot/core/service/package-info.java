/** What the goals that act on a deployed service share: its functions, found from its stack. */
package io.streambot.core.service;
