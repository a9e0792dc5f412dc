package com.example.orders;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.github.apigwcorrelation.CorrelatedSqsHandler;
import io.github.apigwcorrelation.Propagation;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The fulfilment function: consumes the {@code OrderCreated} messages that {@link CreateOrderHandler} sends to
 * {@code OrdersQueue}. Each message is handled in a scope of its own, so every line about it, from this class and
 * from the packing worker, carries its {@code OriginRequestId} (the {@code x-amzn-RequestId} of the client that
 * created the order) and its {@code MessageId}, next to this function's own Lambda request ID.
 *
 * <p>An order of the item {@value #OUT_OF_STOCK} cannot be packed: that message is reported in
 * {@code batchItemFailures} (the event source mapping has {@code ReportBatchItemFailures}), comes back after the
 * queue's visibility timeout, and after {@code maxReceiveCount} deliveries goes to the dead-letter queue; the other
 * messages of its batch are deleted. Its recorded DEBUG lines are written before the ERROR line that names it.
 */
public class FulfilOrderHandler extends CorrelatedSqsHandler {
    static final String OUT_OF_STOCK = "out-of-stock";
    private static final Logger log = LogManager.getLogger(FulfilOrderHandler.class);
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService PACKERS = Propagation.wrapExecutorService(Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, "packing-worker-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }));

    public FulfilOrderHandler() {
        super(OrdersCorrelation.CORRELATION);
    }

    @Override
    protected void handleMessage(SQSEvent.SQSMessage message, Context context) throws Exception {
        Map<String, Object> order = Json.readObject(message.getBody());
        Object orderId = order.get("orderId");
        Object item = order.get("item");
        Map<String, String> attributes = message.getAttributes();
        String delivery = attributes == null ? null : attributes.get("ApproximateReceiveCount");
        log.info("Fulfilling order {}: {} x {} (delivery {})", orderId, order.get("quantity"), item, delivery);
        log.debug("Reserving stock of {} for order {}", item, orderId);
        Future<?> packed = PACKERS.submit(() -> {
            log.info("Packing order {} on a worker thread", orderId);
            log.debug("Stock of {}: {}", item, OUT_OF_STOCK.equals(item) ? "none left" : "enough");
            if (OUT_OF_STOCK.equals(item)) {
                throw new IllegalStateException("no stock left for item " + item);
            }
            return null;
        });
        try {
            packed.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        log.info("Order {} packed and handed to the carrier", orderId);
    }
}
