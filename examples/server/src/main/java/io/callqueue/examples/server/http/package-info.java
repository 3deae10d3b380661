/**
 * The server's JSON HTTP endpoint: live queue and agent state, the call list (JSON and CSV) and
 * statistics, for wallboards and reports.
 */
package io.callqueue.examples.server.http;
