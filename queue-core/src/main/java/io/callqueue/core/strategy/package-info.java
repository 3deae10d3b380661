/**
 * The built-in distribution strategies (capability 3) as indexed candidate pools: each pool keeps
 * the available agents of one priority tier of one queue in the order its strategy prefers them, so
 * choosing an agent costs O(log n) rather than a scan of every member.
 */
package io.callqueue.core.strategy;
