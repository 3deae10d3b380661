/**
 * The operator panel's live and reporting half: the wallboard (server push over SSE), the
 * statistics page with charts, the call list with filters and paging, voicemails and callbacks.
 * Everything here is a {@link io.callqueue.examples.server.http.WebModule} behind the HTTP
 * server's admission check; texts come from the {@code board_en}/{@code board_pl} bundles.
 */
package io.callqueue.examples.server.board;
