package io.callqueue.core.records;

import static io.callqueue.core.records.Fixtures.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallQuery;
import io.callqueue.api.CallRecord;
import io.callqueue.api.EstimateErrorSums;
import io.callqueue.api.InQueueRecord;
import io.callqueue.api.RecordId;
import io.callqueue.spi.CallRecordStore;
import io.callqueue.spi.CallRecordStoreException;
import io.callqueue.testkit.ManualScheduler;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDBC store on an H2 file database. */
class JdbcCallRecordStoreTest extends CallRecordStoreContract {
  @TempDir
  Path dir;

  String url() {
    return "jdbc:h2:file:" + dir.resolve("calls").toAbsolutePath();
  }

  @Override
  CallRecordStore newStore() {
    return JdbcCallRecordStore.open(url());
  }

  @Test
  void restart_recordsSurviveANewStoreOnTheSameDatabase() {
    saveAll();
    store.close();

    store = JdbcCallRecordStore.open(url());

    assertThat(store.query(CallQuery.between(t(0), t(1000)))).containsExactlyElementsOf(ALL);
    for (var r : ALL) {
      assertThat(store.find(r.recordId())).contains(r);
    }
  }

  @Test
  void recorderToDatabase_eventsBecomeRecordsThatSurviveARestart() {
    ManualScheduler scheduler = new ManualScheduler();
    CallRecorder recorder = CallRecorder.builder(store, scheduler).build();
    recorder.onEvent(Fixtures.joined(0, "e1", Fixtures.SALES, "+48111", 1));
    recorder.onEvent(Fixtures.rung(1, "e1", Fixtures.SALES, Fixtures.ALICE, 1));
    recorder.onEvent(Fixtures.left(9, "e1", Fixtures.SALES, CallOutcome.ANSWERED,
        Fixtures.ALICE, 9, 1));
    recorder.onEvent(Fixtures.completed(69, "e1", Fixtures.SALES, Fixtures.ALICE, 60));
    recorder.close();
    store.close();

    store = JdbcCallRecordStore.open(url());

    CallRecord r = CallRecorderReconcileTest.only(store, "e1");
    assertThat(r.agent()).isEqualTo(Fixtures.ALICE);
    assertThat(r.talkTime()).isEqualTo(Fixtures.s(60));
    assertThat(r.attempts()).hasSize(1);
  }

  @Test
  void start_createsTheCurrentSchema_andReopeningKeepsIt() {
    assertThat(((JdbcCallRecordStore) store).schemaVersion()).isEqualTo(4);
    store.close();

    store = JdbcCallRecordStore.open(url());

    assertThat(((JdbcCallRecordStore) store).schemaVersion())
        .isEqualTo(JdbcCallRecordStore.SCHEMA_VERSION);
  }

  @Test
  void estimateErrors_surviveARestart() {
    List<EstimateErrorSums> sums = List.of(
        new EstimateErrorSums(Fixtures.SALES, "1", 4, 132.25, 34.5, -2.5, 1, 0),
        new EstimateErrorSums(Fixtures.SUPPORT, "4-10", 2, 0.1, 0.3, 0.3, 0, 0));
    store.saveEstimateErrors(sums);
    store.close();

    store = JdbcCallRecordStore.open(url());

    assertThat(store.estimateErrors()).containsExactlyElementsOf(sums);
  }

  @Test
  void dataSource_worksLikeTheUrl_andSeesTheSameRecords() {
    saveAll();
    store.close();
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(url());

    store = new JdbcCallRecordStore(ds);

    assertThat(store.query(CallQuery.between(t(0), t(1000)))).containsExactlyElementsOf(ALL);
  }

  @Test
  void newerSchemaInTheDatabase_isRefusedWithAClearMessage() throws Exception {
    store.close();
    try (Connection c = DriverManager.getConnection(url());
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO callqueue_schema_version (version, description)"
          + " VALUES (5, 'from the future')");
    }

    assertThatThrownBy(() -> JdbcCallRecordStore.open(url()))
        .isInstanceOf(CallRecordStoreException.class)
        .hasMessageContaining("version 5, newer than this library's 4");
    store = new InMemoryCallRecordStore();
  }

  @Test
  void sameCallIdTwice_throughTheRecorder_keepsTwoRecordsThatSurviveARestart() {
    CallRecorder recorder = CallRecorder.builder(store, new ManualScheduler())
        .executor(Runnable::run).build();
    recorder.onEvent(Fixtures.joined(0, "1-4711@10.0.0.1", Fixtures.SALES, "+48111", 1));
    recorder.onEvent(Fixtures.rung(1, "1-4711@10.0.0.1", Fixtures.SALES, Fixtures.ALICE, 1));
    recorder.onEvent(Fixtures.left(9, "1-4711@10.0.0.1", Fixtures.SALES, CallOutcome.ANSWERED,
        Fixtures.ALICE, 9, 1));
    recorder.onEvent(Fixtures.completed(69, "1-4711@10.0.0.1", Fixtures.SALES, Fixtures.ALICE,
        60));
    // SIPp restarted with the same pid: the same Call-ID again
    recorder.onEvent(Fixtures.joined(600, "1-4711@10.0.0.1", Fixtures.SALES, "+48999", 1));
    recorder.onEvent(Fixtures.left(640, "1-4711@10.0.0.1", Fixtures.SALES,
        CallOutcome.ABANDONED, null, 40, 1));
    recorder.close();
    store.close();

    store = JdbcCallRecordStore.open(url());

    List<CallRecord> records = store.findByCall(Fixtures.id("1-4711@10.0.0.1"));
    assertThat(records).extracting(CallRecord::outcome)
        .containsExactly(CallOutcome.ANSWERED, CallOutcome.ABANDONED);
    assertThat(records.get(0).talkTime()).isEqualTo(Fixtures.s(60));
    assertThat(records.get(0).attempts()).hasSize(1);
    assertThat(records.get(1).callerNumber()).isEqualTo("+48999");
    assertThat(records.get(1).attempts()).isEmpty();
  }

  /**
   * Runs {@code crash} on a recorder with a heartbeat, then drops the store as a dying process
   * would (the recorder is never closed) and opens the database again.
   *
   * @return a recorder of the next start on the reopened store
   */
  private CallRecorder crashAndRestart(BiConsumer<CallRecorder, ManualScheduler> crash) {
    ManualScheduler scheduler = new ManualScheduler();
    CallRecorder crashed = CallRecorder.builder(store, scheduler).executor(Runnable::run)
        .heartbeat(Duration.ofSeconds(30)).build();
    crash.accept(crashed, scheduler);
    store.close();
    store = JdbcCallRecordStore.open(url());
    return CallRecorder.builder(store, scheduler).executor(Runnable::run).build();
  }

  @Test
  void crashedRun_isReconciledOnTheNextStart_inTheDatabase() {
    CallRecorder next = crashAndRestart(CallRecorderReconcileTest::crashedRun);

    assertThat(next.reconcile()).isEqualTo(2);
    CallRecorderReconcileTest.assertReconciled(store);
  }

  @Test
  void crashedWhileCallersWait_isReconciledOnTheNextStart_inTheDatabase() {
    CallRecorder next = crashAndRestart(CallRecorderReconcileTest::crashedWhileCallersWait);
    assertThat(store.inQueue()).extracting(r -> r.callId().value()).containsExactly("w1", "w2");

    assertThat(next.reconcile()).isEqualTo(2);
    CallRecorderReconcileTest.assertWaitingReconciled(store);
  }

  @Test
  void databaseOfSchemaVersionTwo_isMigrated_keepingItsRecords_andTakesInQueueRecords()
      throws Exception {
    store.close();
    String oldUrl = "jdbc:h2:file:" + dir.resolve("v2").toAbsolutePath();
    long t0 = t(0).toEpochMilli();
    try (Connection c = DriverManager.getConnection(oldUrl)) {
      c.setAutoCommit(false);
      JdbcCallRecordStore.migrate(c, 2); // what a release of schema version 2 created
      try (Statement st = c.createStatement()) {
        // v1: answered and completed, with two rings; v2: answered, still talking at the stop
        st.executeUpdate("INSERT INTO callqueue_record (record_id, call_id, queue_id,"
            + " caller_number, offered_at, joined_at, position_on_entry, position_on_leave,"
            + " answered_at, agent_id, left_at, completed_at, outcome, wait_ms, talk_ms) VALUES"
            + " ('v1', 'c-1', 'sales', '+48111', " + t0 + ", " + t0 + ", 1, 1, " + (t0 + 12_000)
            + ", 'alice', " + (t0 + 12_000) + ", " + (t0 + 107_000) + ", 'ANSWERED', 12000,"
            + " 95000), ('v2', 'c-2', 'sales', '+48222', " + (t0 + 200_000) + ", "
            + (t0 + 200_000) + ", 1, 1, " + (t0 + 212_000) + ", 'bob', " + (t0 + 212_000)
            + ", NULL, 'ANSWERED', 12000, NULL)");
        st.executeUpdate("INSERT INTO callqueue_record_attempt VALUES"
            + " ('v1', 1, 'bob', " + (t0 + 1_000) + ", " + (t0 + 6_000) + ", 'NO_ANSWER'),"
            + " ('v1', 2, 'alice', " + (t0 + 7_000) + ", " + (t0 + 12_000) + ", 'ANSWERED')");
        st.executeUpdate("INSERT INTO callqueue_heartbeat (id, alive_at) VALUES (1, "
            + (t0 + 230_000) + ")");
      }
      c.commit();
      assertThatThrownBy(() -> {
        try (Statement st = c.createStatement()) {
          st.executeUpdate("INSERT INTO callqueue_record (record_id, call_id, queue_id,"
              + " caller_number, offered_at, position_on_entry, position_on_leave, wait_ms)"
              + " VALUES ('w', 'w', 'sales', '', 0, 1, 0, 0)");
        }
      }).as("version 2 has no room for a record without an outcome")
          .hasMessageContaining("NULL not allowed");
      c.rollback();
    }

    JdbcCallRecordStore migrated = JdbcCallRecordStore.open(oldUrl);
    store = migrated;

    assertThat(migrated.schemaVersion()).isEqualTo(JdbcCallRecordStore.SCHEMA_VERSION);
    CallRecord v1 = migrated.find(RecordId.of("v1")).orElseThrow();
    assertThat(v1.talkTime()).isEqualTo(Fixtures.s(95));
    assertThat(v1.attempts()).extracting(a -> a.agent().value()).containsExactly("bob", "alice");
    assertThat(migrated.query(CallQuery.between(t(0), t(1000)))).extracting(CallRecord::recordId)
        .containsExactly(RecordId.of("v1"), RecordId.of("v2"));
    assertThat(migrated.lastHeartbeat()).contains(t(230));
    assertThat(migrated.estimateErrors()).as("version 4's table, empty").isEmpty();
    InQueueRecord waiting = new InQueueRecord(RecordId.of("w3"), Fixtures.id("c-3"),
        Fixtures.SALES, "+48333", t(220), 1);
    migrated.saveInQueue(waiting);
    assertThat(migrated.inQueue()).containsExactly(waiting);
    assertThat(migrated.query(CallQuery.between(t(0), t(1000)))).hasSize(2);
    assertThat(CallRecorder.builder(migrated, new ManualScheduler()).build().reconcile())
        .as("the old open conversation and the new waiting caller").isEqualTo(2);
    assertThat(migrated.find(RecordId.of("v2")).orElseThrow().interruptedAt()).isEqualTo(t(230));
    assertThat(migrated.find(RecordId.of("w3")).orElseThrow().outcome())
        .isEqualTo(CallOutcome.ABANDONED);
    try (Connection c = DriverManager.getConnection(oldUrl);
        ResultSet rs = c.getMetaData().getIndexInfo(null, null, "CALLQUEUE_RECORD", false,
            false)) {
      List<String> indexed = new ArrayList<>();
      while (rs.next()) {
        indexed.add(rs.getString("COLUMN_NAME"));
      }
      assertThat(indexed).contains("OUTCOME");
    }
  }

  @Test
  void databaseOfSchemaVersionOne_isMigrated_keepingItsRecords_andItsOpenCallIsReconciled()
      throws Exception {
    store.close();
    Path old = dir.resolve("old");
    String oldUrl = "jdbc:h2:file:" + old.toAbsolutePath();
    try (Connection c = DriverManager.getConnection(oldUrl);
        Statement st = c.createStatement()) {
      // what version 1 of this store created and wrote
      st.executeUpdate("CREATE TABLE callqueue_schema_version ("
          + " version INTEGER NOT NULL PRIMARY KEY, description VARCHAR(200) NOT NULL)");
      st.executeUpdate("INSERT INTO callqueue_schema_version VALUES (1, 'call list')");
      st.executeUpdate("CREATE TABLE callqueue_call (call_id VARCHAR(128) NOT NULL PRIMARY KEY,"
          + " queue_id VARCHAR(128) NOT NULL, caller_number VARCHAR(1024) NOT NULL,"
          + " offered_at BIGINT NOT NULL, joined_at BIGINT, position_on_entry INTEGER NOT NULL,"
          + " position_on_leave INTEGER NOT NULL, answered_at BIGINT, agent_id VARCHAR(128),"
          + " left_at BIGINT NOT NULL, completed_at BIGINT, outcome VARCHAR(16) NOT NULL,"
          + " not_queued_reason VARCHAR(32), wait_ms BIGINT NOT NULL, talk_ms BIGINT,"
          + " voicemail_ref VARCHAR(2048), voicemail_ms BIGINT, callback_requested_at BIGINT,"
          + " callback_position INTEGER, callback_waited_ms BIGINT,"
          + " callback_keeps_place BOOLEAN, callback_started_at BIGINT,"
          + " callback_agent_id VARCHAR(128))");
      st.executeUpdate("CREATE INDEX callqueue_call_offered ON callqueue_call (offered_at)");
      st.executeUpdate("CREATE TABLE callqueue_call_attempt (call_id VARCHAR(128) NOT NULL,"
          + " seq INTEGER NOT NULL, agent_id VARCHAR(128) NOT NULL, rung_at BIGINT NOT NULL,"
          + " ended_at BIGINT NOT NULL, ring_result VARCHAR(16) NOT NULL,"
          + " PRIMARY KEY (call_id, seq),"
          + " FOREIGN KEY (call_id) REFERENCES callqueue_call (call_id))");
      long t0 = t(0).toEpochMilli();
      // o1: answered at +12 s, completed at +107 s; o2: answered at +212 s, never completed
      st.executeUpdate("INSERT INTO callqueue_call (call_id, queue_id, caller_number, offered_at,"
          + " joined_at, position_on_entry, position_on_leave, answered_at, agent_id, left_at,"
          + " completed_at, outcome, wait_ms, talk_ms) VALUES"
          + " ('o1', 'sales', '+48111', " + t0 + ", " + t0 + ", 1, 1, " + (t0 + 12_000)
          + ", 'alice', " + (t0 + 12_000) + ", " + (t0 + 107_000) + ", 'ANSWERED', 12000, 95000),"
          + " ('o2', 'sales', '+48222', " + (t0 + 200_000) + ", " + (t0 + 200_000) + ", 1, 1, "
          + (t0 + 212_000) + ", 'bob', " + (t0 + 212_000) + ", NULL, 'ANSWERED', 12000, NULL)");
      st.executeUpdate("INSERT INTO callqueue_call_attempt VALUES"
          + " ('o1', 1, 'bob', " + (t0 + 1_000) + ", " + (t0 + 6_000) + ", 'NO_ANSWER'),"
          + " ('o1', 2, 'alice', " + (t0 + 7_000) + ", " + (t0 + 12_000) + ", 'ANSWERED')");
    }

    JdbcCallRecordStore migrated = JdbcCallRecordStore.open(oldUrl);
    store = migrated;

    assertThat(migrated.schemaVersion()).isEqualTo(JdbcCallRecordStore.SCHEMA_VERSION);
    CallRecord o1 = CallRecorderReconcileTest.only(migrated, "o1");
    assertThat(o1.recordId().value()).isEqualTo("o1");
    assertThat(o1.talkTime()).isEqualTo(Fixtures.s(95));
    assertThat(o1.attempts()).extracting(a -> a.agent().value()).containsExactly("bob", "alice");
    assertThat(migrated.lastHeartbeat()).as("the newest instant of the old records")
        .contains(t(212));
    assertThat(CallRecorder.builder(migrated, new ManualScheduler()).build().reconcile())
        .isEqualTo(1);
    assertThat(CallRecorderReconcileTest.only(migrated, "o2").interruptedAt()).isEqualTo(t(212));
    // a new record with an old call id is a record of its own
    migrated.save(Fixtures.record("o1", Fixtures.SALES, 900, CallOutcome.ABANDONED, 3));
    assertThat(migrated.findByCall(Fixtures.id("o1"))).hasSize(2);
  }

  @Test
  void unreachableDatabase_throwsStoreExceptionNamingTheOperation() {
    assertThatThrownBy(() -> JdbcCallRecordStore.open("jdbc:nosuchdb://localhost/calls"))
        .isInstanceOf(CallRecordStoreException.class)
        .hasMessageContaining("could not connect to create or migrate the call list schema");
  }
}
