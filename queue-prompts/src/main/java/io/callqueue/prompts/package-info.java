/**
 * The prompt recordings every adapter plays, independent of any telephony: the default pack
 * (English and Polish, one WAV per key of queue-core's {@code PromptCatalog}), the lookup
 * "language + key (+ the queue owner's file) → {@link io.callqueue.prompts.PromptRecording}" with a
 * fallback language ({@link io.callqueue.prompts.PromptLibrary}), listing and exporting a pack in
 * its stable {@code <language>/<key>.wav} layout with a content hash per recording
 * ({@link io.callqueue.prompts.PromptPack}), and the check that a file is a playable recording.
 * How the audio reaches a caller (RTP frames, an Asterisk sound URI, a Twilio {@code <Play>} URL)
 * is each adapter's business.
 */
package io.callqueue.prompts;
