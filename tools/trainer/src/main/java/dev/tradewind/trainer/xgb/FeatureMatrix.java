package dev.tradewind.trainer.xgb;

import java.util.Objects;

/** Row-major copy of a rectangular {@code float[][]}, the layout XGBoost's dense DMatrix expects. */
record FeatureMatrix(float[] values, int rows, int columns) {

    public FeatureMatrix {
        Objects.requireNonNull(values, "values");
        if (rows < 1 || columns < 1 || values.length != Math.multiplyExact(rows, columns)) {
            throw new IllegalArgumentException("inconsistent matrix " + rows + "x" + columns);
        }
    }

    /**
     * @throws IllegalArgumentException if empty, ragged or containing infinities (XGBoost treats
     *     only NaN as missing; an infinity would silently become a real split value)
     */
    static FeatureMatrix of(float[][] rows) {
        Objects.requireNonNull(rows, "rows");
        if (rows.length == 0 || rows[0] == null || rows[0].length == 0) {
            throw new IllegalArgumentException("feature matrix must have at least one row and column");
        }
        int columns = rows[0].length;
        float[] flat = new float[Math.multiplyExact(rows.length, columns)];
        for (int r = 0; r < rows.length; r++) {
            float[] row = rows[r];
            if (row == null || row.length != columns) {
                throw new IllegalArgumentException("row " + r + " does not have " + columns + " columns");
            }
            for (int c = 0; c < columns; c++) {
                if (Float.isInfinite(row[c])) {
                    throw new IllegalArgumentException("infinite value at row " + r + ", column " + c);
                }
            }
            System.arraycopy(row, 0, flat, r * columns, columns);
        }
        return new FeatureMatrix(flat, rows.length, columns);
    }
}
