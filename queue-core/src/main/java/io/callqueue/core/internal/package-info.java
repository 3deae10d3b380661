/**
 * Data structures the engine's indexes are built on (an order-statistic tree with primitive
 * keys). Engine-internal: not part of the API, and it may change without notice.
 */
package io.callqueue.core.internal;
