/**
 * The wire layer: a small typed client of Asterisk's REST Interface (ARI) — REST calls on the
 * JDK's {@link java.net.http.HttpClient}, the application's event websocket on
 * {@link java.net.http.WebSocket}, events parsed with Jackson into the records of
 * {@link io.callqueue.adapter.asterisk.ari.AriEvent} (unknown fields and event types ignored, so a
 * newer Asterisk does not break it). It knows nothing of queues.
 */
package io.callqueue.adapter.asterisk.ari;
