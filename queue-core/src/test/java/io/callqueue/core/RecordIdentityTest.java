package io.callqueue.core;

import static io.callqueue.core.EngineFixture.c;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallRecord;
import io.callqueue.api.NotQueuedReason;
import io.callqueue.api.OfferResult;
import io.callqueue.api.QueueConfig;
import io.callqueue.core.records.CallRecorder;
import io.callqueue.core.records.InMemoryCallRecordStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A call id offered again, through the real engine into the call list (issue 10 item 2). */
class RecordIdentityTest {
  private final EngineFixture f = new EngineFixture();
  private final InMemoryCallRecordStore store = new InMemoryCallRecordStore();

  RecordIdentityTest() {
    f.engine.addListener(CallRecorder.builder(store, f.scheduler).executor(Runnable::run)
        .build());
    f.queue(QueueConfig.builder("q").build()).agents("q", "alice");
  }

  @Test
  void sameCallId_refusedWhileLive_firstRecordKept_thenANewRecordAfterItEnded() {
    f.offer("c1", "q");
    f.answer("c1", "alice");

    assertThat(f.offer("c1", "q"))
        .isEqualTo(new OfferResult.NotQueued(NotQueuedReason.DUPLICATE_CALL));
    f.advance(60);
    f.end("c1");
    List<CallRecord> afterFirst = store.findByCall(c("c1"));
    assertThat(afterFirst).singleElement().satisfies(r -> {
      assertThat(r.outcome()).isEqualTo(CallOutcome.ANSWERED);
      assertThat(r.talkTime()).isNotNull();
    });

    f.advance(600);
    f.offer("c1", "q");
    f.advance(5);
    f.hangUp("c1");

    List<CallRecord> records = store.findByCall(c("c1"));
    assertThat(records).hasSize(2);
    assertThat(records.get(0)).isEqualTo(afterFirst.get(0));
    assertThat(records.get(1).offeredAt()).isAfter(records.get(0).completedAt());
    assertThat(records.get(1).recordId()).isNotEqualTo(records.get(0).recordId());
  }
}
