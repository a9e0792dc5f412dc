package com.example.orders;

import io.github.apigwcorrelation.Propagation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;

/**
 * The sample's business logic: another class that logs, and that hands work to a thread pool. The pool is
 * wrapped once with {@link Propagation}, so the workers' lines carry the IDs of the invocation that
 * submitted the task.
 */
public final class OrderService {
    private static final Logger log = LogManager.getLogger(OrderService.class);
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
        long cents = price(orderId, "coffee beans", 2);
        return Map.of("orderId", orderId, "item", "coffee beans", "quantity", 2, "totalCents", cents);
    }

    /**
     * Creates an order; the price is computed on a worker thread. Like much real code, it puts its own
     * key in the ThreadContext and clears the whole map when done: the correlation IDs survive that.
     */
    public Map<String, Object> create(String item, int quantity) {
        String orderId = Integer.toString(Math.abs((item + quantity).hashCode()) % 100000);
        ThreadContext.put("orderId", orderId);
        try {
            log.info("Creating order {} for {} x {}", orderId, quantity, item);
            log.debug("Order {}: catalogue entry for {} found, quantity {} accepted", orderId, item, quantity);
            long cents = price(orderId, item, quantity);
            return Map.of("orderId", orderId, "item", item, "quantity", quantity, "totalCents", cents);
        } finally {
            ThreadContext.clearMap();
        }
    }

    /** Lists orders with a status. */
    public List<Map<String, Object>> list(String status) {
        log.info("Listing orders with status {}", status);
        return List.of(Map.of("orderId", "42", "status", status, "totalCents", price("42", "coffee beans", 2)));
    }

    /** The item {@value #UNPRICEABLE} has no price rule: its orders fail here, on the worker. */
    static final String UNPRICEABLE = "unpriceable";

    private long price(String orderId, String item, int quantity) {
        Future<Long> priced = WORKERS.submit(() -> {
            log.info("Pricing order {} on a worker thread", orderId);
            log.debug("Looking up the price rule of {} for order {}", item, orderId);
            if (UNPRICEABLE.equals(item)) {
                log.debug("No price rule matches {}; rules tried: catalogue, promotions", item);
                throw new IllegalStateException("no price rule for item " + item);
            }
            log.debug("Price rule of {}: 1250 cents each, {} items", item, quantity);
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
