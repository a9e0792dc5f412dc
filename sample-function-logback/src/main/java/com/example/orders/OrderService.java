package com.example.orders;

import io.github.apigwcorrelation.Propagation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The sample's business logic: another class that logs, and that hands work to a thread pool. The pool is
 * wrapped once with {@link Propagation}, so the workers' lines carry the IDs of the invocation that
 * submitted the task.
 */
public final class OrderService {
    private static final Logger log = LoggerFactory.getLogger(OrderService.class);
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService WORKERS = Propagation.wrapExecutorService(Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, "pricing-worker-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }));

    /** Finds an order; {@code fail} simulates an outage so the sample shows the error path. */
    public Map<String, Object> find(String orderId) {
        log.info("Looking up order {}", orderId);
        if ("fail".equals(orderId)) {
            throw new IllegalStateException("order store unavailable");
        }
        long cents = price(orderId, 2);
        return Map.of("orderId", orderId, "item", "coffee beans", "quantity", 2, "totalCents", cents);
    }

    /**
     * Creates an order; the price is computed on a worker thread. Like much real code, it puts its own
     * key in the MDC and clears the whole MDC when done: the correlation IDs survive that.
     */
    public Map<String, Object> create(String item, int quantity) {
        String orderId = Integer.toString(Math.abs((item + quantity).hashCode()) % 100000);
        MDC.put("orderId", orderId);
        try {
            log.info("Creating order {} for {} x {}", orderId, quantity, item);
            long cents = price(orderId, quantity);
            return Map.of("orderId", orderId, "item", item, "quantity", quantity, "totalCents", cents);
        } finally {
            MDC.clear();
        }
    }

    /** Lists orders with a status. */
    public List<Map<String, Object>> list(String status) {
        log.info("Listing orders with status {}", status);
        return List.of(Map.of("orderId", "42", "status", status, "totalCents", price("42", 2)));
    }

    private long price(String orderId, int quantity) {
        Future<Long> priced = WORKERS.submit(() -> {
            log.info("Pricing order {} on a worker thread", orderId);
            return 1250L * quantity;
        });
        try {
            return priced.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pricing order " + orderId, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("pricing order " + orderId + " failed", e.getCause());
        }
    }
}
