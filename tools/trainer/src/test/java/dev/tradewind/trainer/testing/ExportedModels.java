package dev.tradewind.trainer.testing;

import dev.tradewind.trainer.onnx.TreeEnsembleOnnxExporter;
import dev.tradewind.trainer.xgb.TrainedBooster;
import dev.tradewind.trainer.xgb.TreeEnsembleModel;
import dev.tradewind.trainer.xgb.XgbJsonModelParser;
import dev.tradewind.trainer.xgb.XgbTrainer;
import dev.tradewind.trainer.xgb.XgbTrainingParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Trains and exports models for tests and benchmarks of the inference side. */
public final class ExportedModels {

    /** A trained model, its tree form (the reference scorer) and its ONNX bytes. */
    public record Exported(TreeEnsembleModel treeModel, byte[] onnx) {
        public Path writeTo(Path file) throws IOException {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, onnx);
        }
    }

    private ExportedModels() {}

    public static Exported train(int features, int rounds, int maxDepth, long seed) {
        SyntheticData data = SyntheticData.generate(5_000, features, 0.05, seed);
        XgbTrainingParams params =
                XgbTrainingParams.defaults().withRounds(rounds).withMaxDepth(maxDepth).withSeed(seed);
        try (TrainedBooster booster = new XgbTrainer().train(data.features(), data.labels(), params)) {
            TreeEnsembleModel model = new XgbJsonModelParser().parse(booster.toJson());
            return new Exported(model, new TreeEnsembleOnnxExporter().export(model));
        }
    }

    /** CLI for benchmarks: {@code ExportedModels <out.onnx> [features rounds depth]}. */
    public static void main(String[] args) throws IOException {
        int features = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        int depth = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        Path written = train(features, rounds, depth, 42).writeTo(Path.of(args[0]));
        System.out.println("wrote " + written + " (" + Files.size(written) + " bytes, " + features
                + " features, " + rounds + " trees, depth " + depth + ")");
    }
}
