package io.callqueue.core.records;

import io.callqueue.spi.CallRecordStore;

class InMemoryCallRecordStoreTest extends CallRecordStoreContract {
  @Override
  CallRecordStore newStore() {
    return new InMemoryCallRecordStore();
  }
}
