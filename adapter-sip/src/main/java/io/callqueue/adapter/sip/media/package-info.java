/**
 * RTP media of the standalone SIP server: music on hold, prompts, RFC 4733 DTMF, voicemail
 * recording and the caller–agent bridge, for G.711 (PCMU/PCMA, 20 ms frames). Built for hundreds
 * of concurrent calls on a small machine: no thread per call — one selector thread receives for
 * every leg's socket, one pacing thread sends every 20 ms frame of every leg, and two worker
 * threads load files and run callbacks. {@link io.callqueue.adapter.sip.media.MediaEngine} is the
 * facade; each call leg is a {@link io.callqueue.adapter.sip.media.MediaSession}.
 */
package io.callqueue.adapter.sip.media;
