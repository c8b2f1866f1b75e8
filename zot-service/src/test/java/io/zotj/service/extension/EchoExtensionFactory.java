package io.zotj.service.extension;

import io.zotj.spi.extension.Extension;
import io.zotj.spi.extension.ExtensionContext;
import io.zotj.spi.extension.ExtensionFactory;
import io.zotj.spi.extension.HealthReport;
import io.zotj.spi.extension.RegistryEvent;
import io.zotj.spi.extension.RouteAccess;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test extension under the {@code ui} section: a route only metrics readers may call, a
 * health check, and a record of every event and storage lock. Tests load it from a plug-in
 * folder they write.
 */
public final class EchoExtensionFactory implements ExtensionFactory {

  /** Every event any instance received, in order. */
  public static final List<RegistryEvent> EVENTS = new CopyOnWriteArrayList<>();

  /** The storage name of every lock release any instance was told of, in order. */
  public static final List<String> LOCKS = new CopyOnWriteArrayList<>();

  @Override
  public String name() {
    return "ui";
  }

  @Override
  public Extension create(ExtensionContext context) {
    context.onEvent(EVENTS::add);
    context.onStorageLock((storageName, mode, nanos) -> LOCKS.add(storageName + " " + mode));
    context.addRoute("GET", "/echo", RouteAccess.METRICS_READ, request -> Response
        .ok("repositories " + context.registry().repositories(), "text/plain").build());
    context.addHealthCheck("echo", HealthReport::ok);
    return new Extension() {};
  }
}
