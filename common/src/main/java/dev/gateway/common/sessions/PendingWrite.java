package dev.gateway.common.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gateway.common.http.ApiException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The merged writes of one session waiting for the next round, and who waits for them. */
final class PendingWrite {
    final String userId;
    final Map<String, JsonNode> data = new LinkedHashMap<>();
    final List<CompletableFuture<Boolean>> waiters = new ArrayList<>();
    String chatId;

    PendingWrite(String userId) {
        this.userId = userId;
    }

    /** Later keys replace earlier ones: the queue keeps the arrival order of one instance. */
    void merge(Map<String, JsonNode> updates, String newChatId, CompletableFuture<Boolean> waiter) {
        data.putAll(updates);
        if (newChatId != null) {
            chatId = newChatId;
        }
        waiters.add(waiter);
    }

    void complete(boolean stored) {
        waiters.forEach(waiter -> waiter.complete(stored));
    }

    void fail(ApiException error) {
        waiters.forEach(waiter -> waiter.completeExceptionally(error));
    }
}
