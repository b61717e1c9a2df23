package dev.tradewind.model;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * Session settings for the predict path.
 *
 * @param intraOpThreads threads ORT may use inside one call; 1 avoids a thread pool, the right trade-off for
 *                       single-row requests on a 1–2 vCPU Lambda
 */
public record InferenceOptions(int intraOpThreads) {

    public InferenceOptions {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be >= 1");
        }
    }

    public static InferenceOptions defaults() {
        return new InferenceOptions(1);
    }

    OrtSession.SessionOptions toSessionOptions() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            return options;
        } catch (OrtException e) {
            options.close();
            throw e;
        }
    }
}
