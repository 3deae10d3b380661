package io.callqueue.core.records;

import io.callqueue.api.AgentAttempt;
import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallQuery;
import io.callqueue.api.CallRecord;
import io.callqueue.api.EstimateErrorSums;
import io.callqueue.api.InQueueRecord;
import io.callqueue.api.NotQueuedReason;
import io.callqueue.api.QueueId;
import io.callqueue.api.RecordId;
import io.callqueue.api.VoicemailMessage;
import io.callqueue.spi.CallRecordStore;
import io.callqueue.spi.CallRecordStoreException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CallRecordStore} in a relational database through JDBC; tested on H2 and written in
 * plain SQL that PostgreSQL runs as well (VARCHAR, INTEGER, BIGINT, BOOLEAN; no vendor syntax).
 *
 * <p>Design: one row per record in {@code callqueue_record} (primary key the record id; the call
 * id, which peers may repeat, is an indexed column), its ring attempts in
 * {@code callqueue_record_attempt} (primary key record id + sequence), and the recorder's latest
 * heartbeat in the one row of {@code callqueue_heartbeat}. Instants are stored as epoch
 * milliseconds (BIGINT, UTC, so no time-zone handling differs between databases) and durations
 * as milliseconds. A save is an upsert in one transaction: UPDATE the record's row, INSERT it when
 * no row was updated, then replace its attempts. A query filters on an index over
 * {@code offered_at}, then loads the attempts of the found records in batches of
 * {@value #IN_BATCH}.
 *
 * <p>Schema: on start the store creates {@code callqueue_schema_version} if missing and applies
 * every migration newer than the versions recorded there, each in a transaction (version 1: calls
 * and attempts keyed by call id; version 2: the same keyed by record id, with
 * {@code interrupted_at} and the heartbeat table; an old database's rows keep their call id as
 * record id, which was unique there, and its heartbeat starts at its newest recorded instant;
 * version 3: {@code left_at} and {@code outcome} nullable, for the in-queue records of callers
 * still waiting, with an index on {@code outcome}; version 4: {@code callqueue_estimate_error},
 * the announced estimates' running error sums per queue and position band). It refuses a
 * database whose schema is newer than it knows. Migrations, once released, never change. The
 * tables are prefixed so they cannot clash with a migration tool's own {@code schema_version}
 * table.
 *
 * <p>In-queue records ({@link #saveInQueue}) are rows of {@code callqueue_record} with no outcome
 * and no {@code left_at}; the caller's call record replaces the row when saved. Every read of
 * call records selects {@code outcome IS NOT NULL}, so no reader sees them; {@link #inQueue()}
 * selects the others.
 *
 * <p>Connections: built on a {@link DataSource} (a pool), it takes a connection per operation;
 * built on a JDBC URL ({@link #open(String, String, String)}), it keeps one connection and opens a
 * new one after a failure. Every operation is synchronized, so the store is thread-safe; it
 * blocks on the database and throws {@link CallRecordStoreException} on failure (the recorder's
 * writer retries).
 */
public final class JdbcCallRecordStore implements CallRecordStore {
  /** The schema version this code writes. */
  public static final int SCHEMA_VERSION = 4;
  static final int IN_BATCH = 500;
  private static final Logger LOG = LoggerFactory.getLogger(JdbcCallRecordStore.class);

  /** The newest instant a row of {@code callqueue_record} knows of. */
  private static final String NEWEST_TIME = "CASE WHEN completed_at > left_at THEN completed_at"
      + " WHEN callback_started_at > left_at THEN callback_started_at ELSE left_at END";

  private static final List<Migration> MIGRATIONS = List.of(
      new Migration(1, "call list: calls and ring attempts", List.of(
          "CREATE TABLE callqueue_call ("
              + " call_id VARCHAR(128) NOT NULL PRIMARY KEY,"
              + " queue_id VARCHAR(128) NOT NULL,"
              + " caller_number VARCHAR(1024) NOT NULL,"
              + " offered_at BIGINT NOT NULL,"
              + " joined_at BIGINT,"
              + " position_on_entry INTEGER NOT NULL,"
              + " position_on_leave INTEGER NOT NULL,"
              + " answered_at BIGINT,"
              + " agent_id VARCHAR(128),"
              + " left_at BIGINT NOT NULL,"
              + " completed_at BIGINT,"
              + " outcome VARCHAR(16) NOT NULL,"
              + " not_queued_reason VARCHAR(32),"
              + " wait_ms BIGINT NOT NULL,"
              + " talk_ms BIGINT,"
              + " voicemail_ref VARCHAR(2048),"
              + " voicemail_ms BIGINT,"
              + " callback_requested_at BIGINT,"
              + " callback_position INTEGER,"
              + " callback_waited_ms BIGINT,"
              + " callback_keeps_place BOOLEAN,"
              + " callback_started_at BIGINT,"
              + " callback_agent_id VARCHAR(128))",
          "CREATE INDEX callqueue_call_offered ON callqueue_call (offered_at)",
          "CREATE TABLE callqueue_call_attempt ("
              + " call_id VARCHAR(128) NOT NULL,"
              + " seq INTEGER NOT NULL,"
              + " agent_id VARCHAR(128) NOT NULL,"
              + " rung_at BIGINT NOT NULL,"
              + " ended_at BIGINT NOT NULL,"
              + " ring_result VARCHAR(16) NOT NULL,"
              + " PRIMARY KEY (call_id, seq),"
              + " FOREIGN KEY (call_id) REFERENCES callqueue_call (call_id))")),
      new Migration(2, "records keyed by a record id of ours (call ids repeat); interrupted"
          + " conversations; recorder heartbeat", List.of(
          "CREATE TABLE callqueue_record ("
              + " record_id VARCHAR(128) NOT NULL PRIMARY KEY,"
              + " call_id VARCHAR(128) NOT NULL,"
              + " queue_id VARCHAR(128) NOT NULL,"
              + " caller_number VARCHAR(1024) NOT NULL,"
              + " offered_at BIGINT NOT NULL,"
              + " joined_at BIGINT,"
              + " position_on_entry INTEGER NOT NULL,"
              + " position_on_leave INTEGER NOT NULL,"
              + " answered_at BIGINT,"
              + " agent_id VARCHAR(128),"
              + " left_at BIGINT NOT NULL,"
              + " completed_at BIGINT,"
              + " interrupted_at BIGINT,"
              + " outcome VARCHAR(16) NOT NULL,"
              + " not_queued_reason VARCHAR(32),"
              + " wait_ms BIGINT NOT NULL,"
              + " talk_ms BIGINT,"
              + " voicemail_ref VARCHAR(2048),"
              + " voicemail_ms BIGINT,"
              + " callback_requested_at BIGINT,"
              + " callback_position INTEGER,"
              + " callback_waited_ms BIGINT,"
              + " callback_keeps_place BOOLEAN,"
              + " callback_started_at BIGINT,"
              + " callback_agent_id VARCHAR(128))",
          // version 1 keyed rows by call id, so each old row's call id is a unique record id
          "INSERT INTO callqueue_record (record_id, call_id, queue_id, caller_number, offered_at,"
              + " joined_at, position_on_entry, position_on_leave, answered_at, agent_id, left_at,"
              + " completed_at, outcome, not_queued_reason, wait_ms, talk_ms, voicemail_ref,"
              + " voicemail_ms, callback_requested_at, callback_position, callback_waited_ms,"
              + " callback_keeps_place, callback_started_at, callback_agent_id)"
              + " SELECT call_id, call_id, queue_id, caller_number, offered_at, joined_at,"
              + " position_on_entry, position_on_leave, answered_at, agent_id, left_at,"
              + " completed_at, outcome, not_queued_reason, wait_ms, talk_ms, voicemail_ref,"
              + " voicemail_ms, callback_requested_at, callback_position, callback_waited_ms,"
              + " callback_keeps_place, callback_started_at, callback_agent_id"
              + " FROM callqueue_call",
          "CREATE TABLE callqueue_record_attempt ("
              + " record_id VARCHAR(128) NOT NULL,"
              + " seq INTEGER NOT NULL,"
              + " agent_id VARCHAR(128) NOT NULL,"
              + " rung_at BIGINT NOT NULL,"
              + " ended_at BIGINT NOT NULL,"
              + " ring_result VARCHAR(16) NOT NULL,"
              + " PRIMARY KEY (record_id, seq),"
              + " FOREIGN KEY (record_id) REFERENCES callqueue_record (record_id))",
          "INSERT INTO callqueue_record_attempt (record_id, seq, agent_id, rung_at, ended_at,"
              + " ring_result) SELECT call_id, seq, agent_id, rung_at, ended_at, ring_result"
              + " FROM callqueue_call_attempt",
          "DROP TABLE callqueue_call_attempt",
          "DROP TABLE callqueue_call",
          "CREATE INDEX callqueue_record_offered ON callqueue_record (offered_at)",
          "CREATE INDEX callqueue_record_call ON callqueue_record (call_id)",
          "CREATE TABLE callqueue_heartbeat ("
              + " id INTEGER NOT NULL PRIMARY KEY, alive_at BIGINT NOT NULL)",
          // an old database's best-known crash time: its newest recorded instant
          "INSERT INTO callqueue_heartbeat (id, alive_at) SELECT 1, MAX(" + NEWEST_TIME + ")"
              + " FROM callqueue_record HAVING COUNT(*) > 0")),
      new Migration(3, "in-queue records of callers still waiting (no outcome, no leave"
          + " yet)", List.of(
          "ALTER TABLE callqueue_record ALTER COLUMN left_at DROP NOT NULL",
          "ALTER TABLE callqueue_record ALTER COLUMN outcome DROP NOT NULL",
          "CREATE INDEX callqueue_record_outcome ON callqueue_record (outcome)")),
      new Migration(4, "the announced wait estimates' running error sums", List.of(
          "CREATE TABLE callqueue_estimate_error ("
              + " queue_id VARCHAR(128) NOT NULL,"
              + " band VARCHAR(16) NOT NULL,"
              + " n BIGINT NOT NULL,"
              + " squared_s2 DOUBLE PRECISION NOT NULL,"
              + " absolute_s DOUBLE PRECISION NOT NULL,"
              + " signed_s DOUBLE PRECISION NOT NULL,"
              + " censored BIGINT NOT NULL,"
              + " censored_exceeded BIGINT NOT NULL,"
              + " PRIMARY KEY (queue_id, band))")));
  /** Selects the rows that are call records (not in-queue records). */
  private static final String FINISHED = "outcome IS NOT NULL";

  private static final String COLUMNS = "record_id, call_id, queue_id, caller_number,"
      + " offered_at, joined_at, position_on_entry, position_on_leave, answered_at, agent_id,"
      + " left_at, completed_at, interrupted_at, outcome, not_queued_reason, wait_ms, talk_ms,"
      + " voicemail_ref, voicemail_ms, callback_requested_at, callback_position,"
      + " callback_waited_ms, callback_keeps_place, callback_started_at, callback_agent_id";
  private static final String UPDATE = "UPDATE callqueue_record SET call_id = ?, queue_id = ?,"
      + " caller_number = ?, offered_at = ?, joined_at = ?, position_on_entry = ?,"
      + " position_on_leave = ?, answered_at = ?, agent_id = ?, left_at = ?, completed_at = ?,"
      + " interrupted_at = ?, outcome = ?, not_queued_reason = ?, wait_ms = ?, talk_ms = ?,"
      + " voicemail_ref = ?, voicemail_ms = ?, callback_requested_at = ?, callback_position = ?,"
      + " callback_waited_ms = ?, callback_keeps_place = ?, callback_started_at = ?,"
      + " callback_agent_id = ? WHERE record_id = ?";
  private static final String INSERT = "INSERT INTO callqueue_record (call_id, queue_id,"
      + " caller_number, offered_at, joined_at, position_on_entry, position_on_leave, answered_at,"
      + " agent_id, left_at, completed_at, interrupted_at, outcome, not_queued_reason, wait_ms,"
      + " talk_ms, voicemail_ref, voicemail_ms, callback_requested_at, callback_position,"
      + " callback_waited_ms, callback_keeps_place, callback_started_at, callback_agent_id,"
      + " record_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
      + " ?, ?)";
  private final Connections connections;

  /** A store over a data source (typically a pool); creates or migrates the schema now. */
  public JdbcCallRecordStore(DataSource dataSource) {
    this(new PooledConnections(dataSource));
  }

  private JdbcCallRecordStore(Connections connections) {
    this.connections = connections;
    migrate();
  }

  /**
   * A store over a JDBC URL (e.g. {@code jdbc:h2:file:/var/lib/callqueue/calls} or
   * {@code jdbc:postgresql://db:5432/callqueue}); the driver must be on the class path. Creates or
   * migrates the schema now.
   */
  public static JdbcCallRecordStore open(String jdbcUrl, String user, String password) {
    return new JdbcCallRecordStore(new SingleConnection(jdbcUrl, user, password));
  }

  /** {@link #open(String, String, String)} without credentials (or with them in the URL). */
  public static JdbcCallRecordStore open(String jdbcUrl) {
    return open(jdbcUrl, null, null);
  }

  /** The schema version recorded in the database. */
  public synchronized int schemaVersion() {
    return run("read the schema version", c -> currentVersion(c));
  }

  @Override
  public synchronized void save(CallRecord r) {
    run("save record " + r.recordId() + " (call " + r.callId() + ")", c -> {
      try (PreparedStatement update = c.prepareStatement(UPDATE)) {
        bindCall(update, r);
        if (update.executeUpdate() == 0) {
          try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            bindCall(insert, r);
            insert.executeUpdate();
          }
        }
      }
      try (PreparedStatement delete =
          c.prepareStatement("DELETE FROM callqueue_record_attempt WHERE record_id = ?")) {
        delete.setString(1, r.recordId().value());
        delete.executeUpdate();
      }
      if (!r.attempts().isEmpty()) {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO"
            + " callqueue_record_attempt (record_id, seq, agent_id, rung_at, ended_at, ring_result)"
            + " VALUES (?, ?, ?, ?, ?, ?)")) {
          int seq = 0;
          for (AgentAttempt a : r.attempts()) {
            insert.setString(1, r.recordId().value());
            insert.setInt(2, ++seq);
            insert.setString(3, a.agent().value());
            insert.setLong(4, a.rungAt().toEpochMilli());
            insert.setLong(5, a.endedAt().toEpochMilli());
            insert.setString(6, a.result().name());
            insert.addBatch();
          }
          insert.executeBatch();
        }
      }
      return null;
    });
  }

  @Override
  public synchronized List<CallRecord> query(CallQuery q) {
    StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS)
        .append(" FROM callqueue_record WHERE offered_at >= ? AND offered_at < ? AND ")
        .append(FINISHED);
    if (q.queue() != null) {
      sql.append(" AND queue_id = ?");
    }
    if (q.agent() != null) {
      sql.append(" AND (agent_id = ? OR (agent_id IS NULL AND callback_agent_id = ?))");
    }
    if (q.outcome() != null) {
      sql.append(" AND outcome = ?");
    }
    sql.append(" ORDER BY offered_at, call_id, record_id");
    if (q.offset() > 0) {
      sql.append(" OFFSET ? ROWS"); // SQL:2008, as H2 and PostgreSQL read it
    }
    return run("query calls " + q, c -> {
      List<CallRecord> calls;
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        int i = 0;
        ps.setLong(++i, q.from().toEpochMilli());
        ps.setLong(++i, q.to().toEpochMilli());
        if (q.queue() != null) {
          ps.setString(++i, q.queue().value());
        }
        if (q.agent() != null) {
          ps.setString(++i, q.agent().value());
          ps.setString(++i, q.agent().value());
        }
        if (q.outcome() != null) {
          ps.setString(++i, q.outcome().name());
        }
        if (q.offset() > 0) {
          ps.setInt(++i, q.offset());
        }
        if (q.limit() != CallQuery.NO_LIMIT) {
          ps.setMaxRows(q.limit());
        }
        calls = readCalls(c, ps);
      }
      return calls;
    });
  }

  @Override
  public synchronized Optional<CallRecord> find(RecordId record) {
    List<CallRecord> found = select("find record " + record,
        " WHERE record_id = ? AND " + FINISHED, record.value());
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  @Override
  public synchronized List<CallRecord> findByCall(CallId call) {
    return select("find the records of call " + call,
        " WHERE call_id = ? AND " + FINISHED + " ORDER BY offered_at, record_id", call.value());
  }

  /** Uses the index-free condition once at start; a full scan of the table. */
  @Override
  public synchronized List<CallRecord> inConversation() {
    return select("find the records of conversations going on", " WHERE " + FINISHED
        + " AND completed_at IS NULL AND interrupted_at IS NULL AND (outcome = 'ANSWERED' OR"
        + " (callback_keeps_place = TRUE AND callback_started_at IS NOT NULL))"
        + " ORDER BY offered_at, call_id, record_id");
  }

  /**
   * Inserts the in-queue record's row, or updates it while it is still one; a row that already
   * holds a call record is left as it is.
   */
  @Override
  public synchronized void saveInQueue(InQueueRecord r) {
    run("save the in-queue record " + r.recordId() + " (call " + r.callId() + ")", c -> {
      Boolean open = null;
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT outcome FROM callqueue_record WHERE record_id = ?")) {
        ps.setString(1, r.recordId().value());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            open = rs.getString(1) == null;
          }
        }
      }
      if (open == null || open) {
        try (PreparedStatement ps = c.prepareStatement(open == null
            ? "INSERT INTO callqueue_record (call_id, queue_id, caller_number, offered_at,"
                + " joined_at, position_on_entry, record_id, position_on_leave, wait_ms)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)"
            : "UPDATE callqueue_record SET call_id = ?, queue_id = ?, caller_number = ?,"
                + " offered_at = ?, joined_at = ?, position_on_entry = ? WHERE record_id = ?")) {
          int i = 0;
          ps.setString(++i, r.callId().value());
          ps.setString(++i, r.queue().value());
          ps.setString(++i, r.callerNumber());
          ps.setLong(++i, r.joinedAt().toEpochMilli());
          ps.setLong(++i, r.joinedAt().toEpochMilli());
          ps.setInt(++i, r.positionOnEntry());
          ps.setString(++i, r.recordId().value());
          ps.executeUpdate();
        }
      }
      return null;
    });
  }

  /** Uses the index on {@code outcome}; read once at start. */
  @Override
  public synchronized List<InQueueRecord> inQueue() {
    return run("find the in-queue records", c -> {
      List<InQueueRecord> out = new ArrayList<>();
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT record_id, call_id, queue_id, caller_number,"
              + " joined_at, position_on_entry FROM callqueue_record WHERE outcome IS NULL"
              + " ORDER BY joined_at, record_id")) {
        while (rs.next()) {
          out.add(new InQueueRecord(RecordId.of(rs.getString(1)), CallId.of(rs.getString(2)),
              QueueId.of(rs.getString(3)), rs.getString(4), Instant.ofEpochMilli(rs.getLong(5)),
              rs.getInt(6)));
        }
      }
      return out;
    });
  }

  @Override
  public synchronized void saveHeartbeat(Instant at) {
    run("save the recorder's heartbeat", c -> {
      try (PreparedStatement update = c.prepareStatement(
          "UPDATE callqueue_heartbeat SET alive_at = ? WHERE id = 1")) {
        update.setLong(1, at.toEpochMilli());
        if (update.executeUpdate() == 0) {
          try (PreparedStatement insert = c.prepareStatement(
              "INSERT INTO callqueue_heartbeat (id, alive_at) VALUES (1, ?)")) {
            insert.setLong(1, at.toEpochMilli());
            insert.executeUpdate();
          }
        }
      }
      return null;
    });
  }

  @Override
  public synchronized Optional<Instant> lastHeartbeat() {
    return run("read the recorder's heartbeat", c -> {
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT alive_at FROM callqueue_heartbeat WHERE id = 1")) {
        return rs.next() ? Optional.of(Instant.ofEpochMilli(rs.getLong(1)))
            : Optional.<Instant>empty();
      }
    });
  }

  /** Replaces the table's rows with {@code sums} in one transaction. */
  @Override
  public synchronized void saveEstimateErrors(List<EstimateErrorSums> sums) {
    run("save the estimate error sums", c -> {
      try (Statement st = c.createStatement()) {
        st.executeUpdate("DELETE FROM callqueue_estimate_error");
      }
      if (!sums.isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO callqueue_estimate_error"
            + " (queue_id, band, n, squared_s2, absolute_s, signed_s, censored,"
            + " censored_exceeded) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
          for (EstimateErrorSums e : sums) {
            int i = 0;
            ps.setString(++i, e.queue().value());
            ps.setString(++i, e.band());
            ps.setLong(++i, e.n());
            ps.setDouble(++i, e.squared());
            ps.setDouble(++i, e.absolute());
            ps.setDouble(++i, e.signed());
            ps.setLong(++i, e.censored());
            ps.setLong(++i, e.censoredExceeded());
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }
      return null;
    });
  }

  @Override
  public synchronized List<EstimateErrorSums> estimateErrors() {
    return run("read the estimate error sums", c -> {
      List<EstimateErrorSums> out = new ArrayList<>();
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT queue_id, band, n, squared_s2, absolute_s,"
              + " signed_s, censored, censored_exceeded FROM callqueue_estimate_error"
              + " ORDER BY queue_id, band")) {
        while (rs.next()) {
          out.add(new EstimateErrorSums(QueueId.of(rs.getString(1)), rs.getString(2),
              rs.getLong(3), rs.getDouble(4), rs.getDouble(5), rs.getDouble(6), rs.getLong(7),
              rs.getLong(8)));
        }
      }
      return out;
    });
  }

  private List<CallRecord> select(String what, String where, String... parameters) {
    return run(what, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT " + COLUMNS + " FROM callqueue_record" + where)) {
        for (int i = 0; i < parameters.length; i++) {
          ps.setString(i + 1, parameters[i]);
        }
        return readCalls(c, ps);
      }
    });
  }

  @Override
  public synchronized void close() {
    connections.close();
  }

  // ---- schema ---------------------------------------------------------------------------------

  private void migrate() {
    run("create or migrate the call list schema", c -> {
      migrate(c, SCHEMA_VERSION);
      return null;
    });
  }

  /**
   * Applies the migrations up to {@code target} on {@code c} (not in auto-commit mode), each in
   * a transaction of its own. Tests call it with an older target to make the database an older
   * release made.
   */
  static void migrate(Connection c, int target) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.executeUpdate("CREATE TABLE IF NOT EXISTS callqueue_schema_version ("
          + " version INTEGER NOT NULL PRIMARY KEY, description VARCHAR(200) NOT NULL)");
    }
    c.commit();
    int current = currentVersion(c);
    if (current > SCHEMA_VERSION) {
      throw new CallRecordStoreException("the call list schema in the database is version "
          + current + ", newer than this library's " + SCHEMA_VERSION + "; upgrade callqueue");
    }
    for (Migration m : MIGRATIONS) {
      if (m.version <= current || m.version > target) {
        continue;
      }
      try (Statement st = c.createStatement()) {
        for (String ddl : m.statements) {
          st.executeUpdate(ddl);
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO callqueue_schema_version (version, description) VALUES (?, ?)")) {
        ps.setInt(1, m.version);
        ps.setString(2, m.description);
        ps.executeUpdate();
      }
      c.commit();
      LOG.info("call list schema migrated to version {} ({})", m.version, m.description);
    }
  }

  private static int currentVersion(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT MAX(version) FROM callqueue_schema_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  // ---- mapping --------------------------------------------------------------------------------

  private static void bindCall(PreparedStatement ps, CallRecord r) throws SQLException {
    int i = 0;
    ps.setString(++i, r.callId().value());
    ps.setString(++i, r.queue().value());
    ps.setString(++i, r.callerNumber());
    ps.setLong(++i, r.offeredAt().toEpochMilli());
    setMillis(ps, ++i, r.joinedAt());
    ps.setInt(++i, r.positionOnEntry());
    ps.setInt(++i, r.positionOnLeave());
    setMillis(ps, ++i, r.answeredAt());
    setString(ps, ++i, r.agent() == null ? null : r.agent().value());
    ps.setLong(++i, r.leftAt().toEpochMilli());
    setMillis(ps, ++i, r.completedAt());
    setMillis(ps, ++i, r.interruptedAt());
    ps.setString(++i, r.outcome().name());
    setString(ps, ++i, r.notQueuedReason() == null ? null : r.notQueuedReason().name());
    ps.setLong(++i, r.waited().toMillis());
    setMillis(ps, ++i, r.talkTime());
    VoicemailMessage vm = r.voicemail();
    setString(ps, ++i, vm == null ? null : vm.reference());
    setMillis(ps, ++i, vm == null ? null : vm.duration());
    CallRecord.Callback cb = r.callback();
    setMillis(ps, ++i, cb == null ? null : cb.requestedAt());
    if (cb == null) {
      ps.setNull(++i, Types.INTEGER);
      ps.setNull(++i, Types.BIGINT);
      ps.setNull(++i, Types.BOOLEAN);
    } else {
      ps.setInt(++i, cb.position());
      ps.setLong(++i, cb.waited().toMillis());
      ps.setBoolean(++i, cb.keepsPlace());
    }
    setMillis(ps, ++i, cb == null ? null : cb.startedAt());
    setString(ps, ++i, cb == null || cb.agent() == null ? null : cb.agent().value());
    ps.setString(++i, r.recordId().value());
  }

  private static List<CallRecord> readCalls(Connection c, PreparedStatement ps)
      throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(new Row(rs));
      }
    }
    Map<String, List<AgentAttempt>> attempts = readAttempts(c, rows);
    List<CallRecord> out = new ArrayList<>(rows.size());
    for (Row row : rows) {
      out.add(row.toRecord(attempts.getOrDefault(row.recordId, List.of())));
    }
    return out;
  }

  private static Map<String, List<AgentAttempt>> readAttempts(Connection c, List<Row> rows)
      throws SQLException {
    Map<String, List<AgentAttempt>> out = new HashMap<>();
    for (int from = 0; from < rows.size(); from += IN_BATCH) {
      List<Row> batch = rows.subList(from, Math.min(rows.size(), from + IN_BATCH));
      StringBuilder sql = new StringBuilder("SELECT record_id, agent_id, rung_at, ended_at,"
          + " ring_result FROM callqueue_record_attempt WHERE record_id IN (");
      for (int i = 0; i < batch.size(); i++) {
        sql.append(i == 0 ? "?" : ", ?");
      }
      sql.append(") ORDER BY record_id, seq");
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        for (int i = 0; i < batch.size(); i++) {
          ps.setString(i + 1, batch.get(i).recordId);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new AgentAttempt(
                AgentId.of(rs.getString(2)), Instant.ofEpochMilli(rs.getLong(3)),
                Instant.ofEpochMilli(rs.getLong(4)), AgentAttempt.Result.valueOf(rs.getString(5))));
          }
        }
      }
    }
    return out;
  }

  /** One row of {@code callqueue_record}, read in column order. */
  private static final class Row {
    final String recordId;
    final String callId;
    final String queue;
    final String callerNumber;
    final long offeredAt;
    final Long joinedAt;
    final int positionOnEntry;
    final int positionOnLeave;
    final Long answeredAt;
    final String agent;
    final long leftAt;
    final Long completedAt;
    final Long interruptedAt;
    final String outcome;
    final String notQueuedReason;
    final long waitMs;
    final Long talkMs;
    final String voicemailRef;
    final Long voicemailMs;
    final Long callbackRequestedAt;
    final Integer callbackPosition;
    final Long callbackWaitedMs;
    final Boolean callbackKeepsPlace;
    final Long callbackStartedAt;
    final String callbackAgent;

    Row(ResultSet rs) throws SQLException {
      int i = 0;
      recordId = rs.getString(++i);
      callId = rs.getString(++i);
      queue = rs.getString(++i);
      callerNumber = rs.getString(++i);
      offeredAt = rs.getLong(++i);
      joinedAt = getLong(rs, ++i);
      positionOnEntry = rs.getInt(++i);
      positionOnLeave = rs.getInt(++i);
      answeredAt = getLong(rs, ++i);
      agent = rs.getString(++i);
      leftAt = rs.getLong(++i);
      completedAt = getLong(rs, ++i);
      interruptedAt = getLong(rs, ++i);
      outcome = rs.getString(++i);
      notQueuedReason = rs.getString(++i);
      waitMs = rs.getLong(++i);
      talkMs = getLong(rs, ++i);
      voicemailRef = rs.getString(++i);
      voicemailMs = getLong(rs, ++i);
      callbackRequestedAt = getLong(rs, ++i);
      int position = rs.getInt(++i);
      callbackPosition = rs.wasNull() ? null : position;
      callbackWaitedMs = getLong(rs, ++i);
      boolean keeps = rs.getBoolean(++i);
      callbackKeepsPlace = rs.wasNull() ? null : keeps;
      callbackStartedAt = getLong(rs, ++i);
      callbackAgent = rs.getString(++i);
    }

    CallRecord toRecord(List<AgentAttempt> attempts) {
      CallRecord.Callback callback = callbackRequestedAt == null ? null
          : new CallRecord.Callback(instant(callbackRequestedAt),
              callbackPosition == null ? 0 : callbackPosition,
              Duration.ofMillis(callbackWaitedMs == null ? 0 : callbackWaitedMs),
              Boolean.TRUE.equals(callbackKeepsPlace), instant(callbackStartedAt),
              callbackAgent == null ? null : AgentId.of(callbackAgent));
      VoicemailMessage vm = voicemailRef == null ? null
          : new VoicemailMessage(voicemailRef,
              Duration.ofMillis(voicemailMs == null ? 0 : voicemailMs));
      return new CallRecord(RecordId.of(recordId), CallId.of(callId), QueueId.of(queue),
          callerNumber, Instant.ofEpochMilli(offeredAt), instant(joinedAt), positionOnEntry,
          positionOnLeave, attempts, instant(answeredAt), agent == null ? null : AgentId.of(agent),
          Instant.ofEpochMilli(leftAt), instant(completedAt), instant(interruptedAt),
          CallOutcome.valueOf(outcome),
          notQueuedReason == null ? null : NotQueuedReason.valueOf(notQueuedReason),
          Duration.ofMillis(waitMs), talkMs == null ? null : Duration.ofMillis(talkMs), vm,
          callback);
    }
  }

  private static Instant instant(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }

  private static Long getLong(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  private static void setMillis(PreparedStatement ps, int i, Instant t) throws SQLException {
    if (t == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, t.toEpochMilli());
    }
  }

  private static void setMillis(PreparedStatement ps, int i, Duration d) throws SQLException {
    if (d == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, d.toMillis());
    }
  }

  private static void setString(PreparedStatement ps, int i, String s) throws SQLException {
    if (s == null) {
      ps.setNull(i, Types.VARCHAR);
    } else {
      ps.setString(i, s);
    }
  }

  // ---- connections and transactions -----------------------------------------------------------

  /** Runs {@code work} in one transaction; commits on success, rolls back and wraps on failure. */
  private <T> T run(String what, Work<T> work) {
    Connection c;
    try {
      c = connections.get();
    } catch (SQLException e) {
      throw new CallRecordStoreException("call list: could not connect to " + what + ": "
          + e.getMessage(), e);
    }
    boolean broken = false;
    try {
      c.setAutoCommit(false);
      T result = work.run(c);
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      broken = e instanceof SQLException;
      try {
        c.rollback();
      } catch (SQLException rollbackFailed) {
        e.addSuppressed(rollbackFailed);
        broken = true;
      }
      if (e instanceof CallRecordStoreException cre) {
        throw cre;
      }
      throw new CallRecordStoreException("call list: could not " + what + ": " + e.getMessage(), e);
    } finally {
      try {
        c.setAutoCommit(true);
      } catch (SQLException e) {
        broken = true;
      }
      connections.release(c, broken);
    }
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private record Migration(int version, String description, List<String> statements) {}

  private interface Connections {
    Connection get() throws SQLException;

    void release(Connection c, boolean broken);

    void close();
  }

  private static final class PooledConnections implements Connections {
    private final DataSource dataSource;

    PooledConnections(DataSource dataSource) {
      if (dataSource == null) {
        throw new IllegalArgumentException("a JDBC call record store needs a data source");
      }
      this.dataSource = dataSource;
    }

    @Override
    public Connection get() throws SQLException {
      return dataSource.getConnection();
    }

    @Override
    public void release(Connection c, boolean broken) {
      try {
        c.close();
      } catch (SQLException e) {
        LOG.debug("closing a call list connection failed", e);
      }
    }

    @Override
    public void close() {}
  }

  private static final class SingleConnection implements Connections {
    private final String url;
    private final String user;
    private final String password;
    private Connection connection;

    SingleConnection(String url, String user, String password) {
      if (url == null || url.isBlank()) {
        throw new IllegalArgumentException("a JDBC call record store needs a JDBC URL");
      }
      this.url = url;
      this.user = user;
      this.password = password;
    }

    @Override
    public Connection get() throws SQLException {
      if (connection == null || connection.isClosed()) {
        connection = user == null
            ? DriverManager.getConnection(url)
            : DriverManager.getConnection(url, user, password);
      }
      return connection;
    }

    @Override
    public void release(Connection c, boolean broken) {
      if (broken) {
        close();
      }
    }

    @Override
    public void close() {
      if (connection != null) {
        try {
          connection.close();
        } catch (SQLException e) {
          LOG.debug("closing the call list connection failed", e);
        }
        connection = null;
      }
    }
  }
}
