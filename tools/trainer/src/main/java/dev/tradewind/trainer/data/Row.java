package dev.tradewind.trainer.data;

import java.time.Instant;

/**
 * One training example: the features of a bar, known at its close, and what happened next.
 *
 * @param symbol      index into the family's symbols
 * @param time        open time of the bar the features describe ("as of" its close)
 * @param labelTime   open time of the bar whose close decides the label: exactly horizon bars later on the
 *                    instrument's calendar (a row whose label would span a missing bar is not made)
 * @param features    the model layer's feature vector for the window ending at this bar
 * @param label       1 if close[t + horizon] &gt; close[t]
 * @param horizonReturn close[t + horizon] / close[t] − 1: what a position held over the label's horizon earns
 * @param previousUp  close[t] &gt; close[t − 1], for the previous-bar baseline
 */
public record Row(int symbol, Instant time, Instant labelTime, float[] features, int label, double horizonReturn,
                  boolean previousUp) {
}
