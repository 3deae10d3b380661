/**
 * callqueue as the queue of an existing Asterisk: {@link io.callqueue.examples.asterisk.AsteriskMain}
 * reads a YAML file ({@link io.callqueue.examples.asterisk.AsteriskAppConfig}: ARI, queues, agents
 * as PJSIP accounts, the callback dial string), starts the engine with adapter-asterisk and logs
 * what the queues do. The dialplan hands callers over with {@code Stasis(callqueue,<queue>)}.
 */
package io.callqueue.examples.asterisk;
