/**
 * The operator's web panel on the standalone server: sign-in (the administrator by a hashed
 * password, agents by their SIP account's credentials), sessions with expiry, CSRF protection and
 * throttled passwords; run-time management of queues, agents, memberships, SIP accounts and
 * prompts through the engine's run-time API, persisted atomically to a state file; the agents' own
 * page; pages in Polish and English. {@link io.callqueue.examples.server.panel.Panel} is the
 * {@link io.callqueue.examples.server.http.WebModule} the HTTP server registers.
 */
package io.callqueue.examples.server.panel;
