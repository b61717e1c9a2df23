package dev.tradewind.behavior.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.behavior.store.ReportRepository.StoredReport;
import dev.tradewind.shared.dynamo.Page;
import dev.tradewind.shared.http.PageView;
import dev.tradewind.shared.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What the routes answer. A report is answered as the JSON it is stored as, read back as a tree, so that a new report
 * and the same report read again by id come out byte for byte alike.
 */
public final class Views {

    private Views() {
    }

    public static JsonNode report(StoredReport stored) {
        return tree(stored.reportJson());
    }

    public static PageView<JsonNode> summaries(Page<StoredReport> page) {
        return PageView.of(page, stored -> tree(stored.summaryJson()));
    }

    private static JsonNode tree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
