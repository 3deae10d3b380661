package io.callqueue.core.records;

import static io.callqueue.core.records.Fixtures.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallQuery;
import io.callqueue.api.CallRecord;
import io.callqueue.spi.CallRecordStore;
import io.callqueue.spi.CallRecordStoreException;
import io.callqueue.testkit.ManualScheduler;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
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
      assertThat(store.find(r.callId())).contains(r);
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

    CallRecord r = store.find(Fixtures.id("e1")).orElseThrow();
    assertThat(r.agent()).isEqualTo(Fixtures.ALICE);
    assertThat(r.talkTime()).isEqualTo(Fixtures.s(60));
    assertThat(r.attempts()).hasSize(1);
  }

  @Test
  void start_createsSchemaVersionOne_andReopeningKeepsIt() {
    assertThat(((JdbcCallRecordStore) store).schemaVersion()).isEqualTo(1);
    store.close();

    store = JdbcCallRecordStore.open(url());

    assertThat(((JdbcCallRecordStore) store).schemaVersion())
        .isEqualTo(JdbcCallRecordStore.SCHEMA_VERSION);
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
          + " VALUES (2, 'from the future')");
    }

    assertThatThrownBy(() -> JdbcCallRecordStore.open(url()))
        .isInstanceOf(CallRecordStoreException.class)
        .hasMessageContaining("version 2, newer than this library's 1");
    store = new InMemoryCallRecordStore();
  }

  @Test
  void unreachableDatabase_throwsStoreExceptionNamingTheOperation() {
    assertThatThrownBy(() -> JdbcCallRecordStore.open("jdbc:nosuchdb://localhost/calls"))
        .isInstanceOf(CallRecordStoreException.class)
        .hasMessageContaining("could not connect to create or migrate the call list schema");
  }
}
