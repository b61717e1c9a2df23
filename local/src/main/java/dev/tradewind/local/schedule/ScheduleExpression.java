package dev.tradewind.local.schedule;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EventBridge Scheduler expression: {@code rate(5 minutes)}, {@code cron(min hour dom month dow year)} with AWS's
 * six fields (day-of-week 1–7 = SUN–SAT, one of dom/dow is {@code ?}), or {@code at(2022-01-03T00:00:00)}.
 * {@code L}, {@code W} and {@code #} are rejected rather than approximated.
 */
public sealed interface ScheduleExpression {

    /** The first fire time strictly after {@code after}, if there is one. */
    Optional<Instant> nextAfter(Instant after);

    Pattern RATE = Pattern.compile("rate\\((\\d+)\\s+(minute|minutes|hour|hours|day|days)\\)");
    Pattern CRON = Pattern.compile("cron\\((.+)\\)");
    Pattern AT = Pattern.compile("at\\((\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})\\)");

    static ScheduleExpression parse(String expression, ZoneId zone) {
        String text = expression.trim();
        Matcher rate = RATE.matcher(text);
        if (rate.matches()) {
            long value = Long.parseLong(rate.group(1));
            String unit = rate.group(2);
            boolean singular = value == 1;
            if (value <= 0 || singular != !unit.endsWith("s")) {
                throw new IllegalArgumentException("invalid rate expression '" + expression
                        + "': use 'rate(1 hour)' or 'rate(5 hours)'");
            }
            ChronoUnit chronoUnit = switch (unit) {
                case "minute", "minutes" -> ChronoUnit.MINUTES;
                case "hour", "hours" -> ChronoUnit.HOURS;
                default -> ChronoUnit.DAYS;
            };
            return new Rate(Duration.of(value, chronoUnit));
        }
        Matcher cron = CRON.matcher(text);
        if (cron.matches()) {
            return Cron.parse(cron.group(1), zone, expression);
        }
        Matcher at = AT.matcher(text);
        if (at.matches()) {
            return new At(LocalDateTime.parse(at.group(1)).atZone(zone).toInstant());
        }
        throw new IllegalArgumentException("unsupported schedule expression '" + expression + "'");
    }

    /** A fixed interval; the local runtime fires it once at start and then every interval. */
    record Rate(Duration interval) implements ScheduleExpression {
        @Override
        public Optional<Instant> nextAfter(Instant after) {
            return Optional.of(after.plus(interval));
        }
    }

    record At(Instant when) implements ScheduleExpression {
        @Override
        public Optional<Instant> nextAfter(Instant after) {
            return when.isAfter(after) ? Optional.of(when) : Optional.empty();
        }
    }

    record Cron(BitSet minutes, BitSet hours, BitSet daysOfMonth, BitSet months, BitSet daysOfWeek, BitSet years,
                boolean anyDayOfMonth, boolean anyDayOfWeek, ZoneId zone) implements ScheduleExpression {

        private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
                "NOV", "DEC"};
        private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

        static Cron parse(String fields, ZoneId zone, String expression) {
            String[] parts = fields.trim().split("\\s+");
            if (parts.length != 6) {
                throw new IllegalArgumentException("cron expression '" + expression
                        + "' needs six fields: minutes hours day-of-month month day-of-week year");
            }
            boolean anyDom = parts[2].equals("?");
            boolean anyDow = parts[4].equals("?");
            if (anyDom == anyDow) {
                throw new IllegalArgumentException("cron expression '" + expression
                        + "': exactly one of day-of-month and day-of-week must be '?'");
            }
            return new Cron(field(parts[0], 0, 59, null, expression), field(parts[1], 0, 23, null, expression),
                    anyDom ? null : field(parts[2], 1, 31, null, expression),
                    field(parts[3], 1, 12, MONTHS, expression),
                    anyDow ? null : field(parts[4], 1, 7, DAYS, expression),
                    field(parts[5], 1970, 2199, null, expression), anyDom, anyDow, zone);
        }

        private static BitSet field(String text, int min, int max, String[] names, String expression) {
            BitSet values = new BitSet(max + 1);
            for (String item : text.split(",")) {
                String part = item.toUpperCase(Locale.ROOT);
                String withoutNames = part;
                for (String name : names == null ? new String[0] : names) {
                    withoutNames = withoutNames.replace(name, "");
                }
                if (withoutNames.matches(".*[LW#].*")) {
                    throw new IllegalArgumentException("cron expression '" + expression
                            + "': L, W and # are not supported by the local runtime");
                }
                int step = 1;
                int slash = part.indexOf('/');
                if (slash >= 0) {
                    step = Integer.parseInt(part.substring(slash + 1));
                    part = part.substring(0, slash);
                }
                int from;
                int to;
                if (part.equals("*") || part.equals("?")) {
                    from = min;
                    to = max;
                } else if (part.contains("-")) {
                    String[] range = part.split("-");
                    from = value(range[0], names, min);
                    to = value(range[1], names, min);
                } else {
                    from = value(part, names, min);
                    to = slash >= 0 ? max : from;
                }
                if (from < min || to > max || from > to || step < 1) {
                    throw new IllegalArgumentException("cron expression '" + expression + "': '" + item
                            + "' is outside " + min + "-" + max);
                }
                for (int v = from; v <= to; v += step) {
                    values.set(v);
                }
            }
            return values;
        }

        private static int value(String text, String[] names, int min) {
            if (names != null) {
                for (int i = 0; i < names.length; i++) {
                    if (names[i].equals(text)) {
                        return min + i;
                    }
                }
            }
            return Integer.parseInt(text);
        }

        @Override
        public Optional<Instant> nextAfter(Instant after) {
            ZonedDateTime candidate = after.atZone(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
            ZonedDateTime limit = candidate.plusYears(5);
            while (candidate.isBefore(limit)) {
                if (!years.get(candidate.getYear()) || !months.get(candidate.getMonthValue()) || !dayMatches(candidate)) {
                    candidate = candidate.truncatedTo(ChronoUnit.DAYS).plusDays(1);
                } else if (!hours.get(candidate.getHour())) {
                    candidate = candidate.truncatedTo(ChronoUnit.HOURS).plusHours(1);
                } else if (!minutes.get(candidate.getMinute())) {
                    candidate = candidate.plusMinutes(1);
                } else {
                    return Optional.of(candidate.toInstant());
                }
            }
            return Optional.empty();
        }

        private boolean dayMatches(ZonedDateTime time) {
            if (anyDayOfWeek) {
                return daysOfMonth.get(time.getDayOfMonth());
            }
            DayOfWeek day = time.getDayOfWeek();
            int awsDay = day == DayOfWeek.SUNDAY ? 1 : day.getValue() + 1;
            return daysOfWeek.get(awsDay);
        }
    }
}
