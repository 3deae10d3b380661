/**
 * The Asterisk adapter: Asterisk 18+ (tested: 22 LTS) keeps its phones, trunks and dialplan and
 * hands callers to callqueue with {@code Stasis(callqueue,<queue>[,<priority>])}.
 * {@link io.callqueue.adapter.asterisk.AsteriskTelephonyPort} binds the engine's
 * {@link io.callqueue.spi.TelephonyPort} to ARI (package {@code ari}): music on hold, agent legs
 * made with {@code channels/create} + {@code dial}, mixing bridges, and {@code continue} back into
 * the dialplan with {@code CALLQUEUE_OUTCOME} set.
 */
package io.callqueue.adapter.asterisk;
