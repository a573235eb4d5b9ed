package io.lvmops.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * POSTs each event as JSON ({@code {"event": ..., "time": ..., "source": ..., ...details}}) to every configured URL
 * on a background thread, so that a slow or dead receiver never delays a run. A failed delivery (no answer, or a
 * status other than 2xx) is retried with exponential backoff, up to {@code attempts} times per URL.
 */
public final class WebhookNotifier implements Notifier {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);

    private final List<URI> urls;
    private final int attempts;
    private final Duration firstRetryDelay;
    private final String source;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lvmops-notify");
        t.setDaemon(true);
        return t;
    });
    private final ObjectMapper json = new ObjectMapper();

    public WebhookNotifier(List<URI> urls, int attempts, Duration firstRetryDelay, String source, Clock clock) {
        this.urls = List.copyOf(urls);
        this.attempts = attempts;
        this.firstRetryDelay = firstRetryDelay;
        this.source = source;
        this.clock = clock;
    }

    @Override
    public void notify(String event, Map<String, Object> details) {
        if (urls.isEmpty()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", event);
        body.put("time", clock.instant().toString());
        body.put("source", source);
        body.putAll(details);
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            LOG.warn("event=notify_failed notify_event={} reason=\"{}\"", event, e.getOriginalMessage());
            return;
        }
        for (URI url : urls) {
            sender.execute(() -> deliver(url, event, text));
        }
    }

    private void deliver(URI url, String event, String body) {
        Duration delay = firstRetryDelay;
        String last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    LOG.info("event=notified notify_event={} url={} attempt={}", event, redact(url), attempt);
                    return;
                }
                last = "HTTP " + response.statusCode();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            if (attempt < attempts) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                delay = delay.multipliedBy(2);
            }
        }
        LOG.warn("event=notify_failed notify_event={} url={} attempts={} reason=\"{}\"", event, redact(url), attempts,
                last);
    }

    /** A webhook URL may carry a token in its path or query (Slack, Teams): log only scheme, host and port. */
    static String redact(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + "/…";
    }

    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
