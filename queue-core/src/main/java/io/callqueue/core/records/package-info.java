/**
 * The call list and statistics (capability 20), built only from the engine's
 * {@link io.callqueue.api.QueueEvent}s: {@link io.callqueue.core.records.CallRecorder} folds events
 * into {@link io.callqueue.api.CallRecord}s and writes them through a buffered, retrying writer to
 * a {@link io.callqueue.spi.CallRecordStore} (in memory, or JDBC on H2/PostgreSQL);
 * {@link io.callqueue.core.records.CallStatistics} aggregates records per queue and agent, over any
 * range and in 15-minute intervals; {@link io.callqueue.core.records.CallRecordCsv} exports them;
 * {@link io.callqueue.core.records.QueueLogWriter} writes an Asterisk-compatible {@code queue_log}
 * for the reporting tools PBX users already have.
 */
package io.callqueue.core.records;
