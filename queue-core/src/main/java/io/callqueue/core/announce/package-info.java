/**
 * What callers and agents hear, as prompt keys: a {@link io.callqueue.core.announce.Sayer} per
 * language turns numbers, queue positions and durations into keys with that language's grammar
 * (Polish plurals and ordinals included), {@link io.callqueue.core.announce.PromptCatalog} lists
 * every key with the default text to record or synthesize, and
 * {@link io.callqueue.core.announce.Announcements} builds the complete
 * {@link io.callqueue.api.PromptSequence}s the engine plays (position, estimated wait, hold-time
 * whisper, callback acknowledgement, voicemail intro, periodic prompts), applying a queue's own
 * recordings where it has them. Everything here is immutable and free of side effects.
 */
package io.callqueue.core.announce;
