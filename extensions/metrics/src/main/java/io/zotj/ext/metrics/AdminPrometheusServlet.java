package io.zotj.ext.metrics;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The same Prometheus text on the admin port, beside Dropwizard's JSON {@code /metrics}. */
final class AdminPrometheusServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient PrometheusText text;

  AdminPrometheusServlet(PrometheusText text) {
    this.text = text;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType(PrometheusText.CONTENT_TYPE);
    response.setHeader("Cache-Control", "no-store");
    text.write(response.getOutputStream());
  }
}
