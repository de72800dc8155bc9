package io.consistentcrud.runtime.schema;

import dev.harrel.jsonschema.EvaluationContext;
import dev.harrel.jsonschema.Evaluator;
import dev.harrel.jsonschema.EvaluatorFactory;
import dev.harrel.jsonschema.JsonNode;
import dev.harrel.jsonschema.SchemaParsingContext;
import java.time.YearMonth;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The formats {@code date-time}, {@code date} and {@code time}, checked as RFC 3339 section 5.6 defines
 * {@code date-time}, {@code full-date} and {@code full-time}: what JSON Schema (draft 7, section 7.3.1) and OpenAPI
 * say these formats are, and so what a client generating code from the published document parses.
 *
 * <p>The validator library checks them with java.time's ISO formatters, which differ from RFC 3339 both ways: they
 * accept a date-time or a time without an offset or without seconds, a date with an offset, a zone name in brackets,
 * and refuse a leap second and fractions of more than nine digits. They also cost about 200 µs per check until the
 * JIT has compiled the formatter (bench section 8). Every other format stays with the library.
 *
 * <p>Rules: four-digit year, month 01–12, the day within its month (leap years included), hour 00–23, minute
 * 00–59, second 00–59 or 60 where the time is 23:59 in UTC (a leap second), an optional fraction of any length,
 * then {@code Z} or {@code ±hh:mm}; {@code T} and {@code Z} in either case, ASCII digits only.
 */
final class Rfc3339Formats implements EvaluatorFactory {
    /** Each format checked here, to what makes a text no such value; the library's format factory checks the others. */
    private static final Map<String, Function<String, String>> PROBLEMS = Map.of(
            "date-time", Rfc3339Formats::dateTimeProblem,
            "date", Rfc3339Formats::dateProblem,
            "time", Rfc3339Formats::timeProblem);

    private static final int MINUTES_PER_DAY = 24 * 60;

    /**
     * Whether a schema uses a format this class does not check, anywhere in it, so that the library's format
     * factory is needed: without one, the factory's class and its patterns are never loaded (about 2 ms of a cold
     * start). A member named {@code format} inside {@code properties} also counts; that only loads the factory.
     *
     * @param schema the schema document, or any part of it
     * @return true when some {@code format} names another format
     */
    static boolean otherFormatsIn(software.amazon.awssdk.protocols.jsoncore.JsonNode schema) {
        if (schema.isArray()) {
            for (var element : schema.asArray()) {
                if (otherFormatsIn(element)) {
                    return true;
                }
            }
        } else if (schema.isObject()) {
            for (var member : schema.asObject().entrySet()) {
                if (member.getKey().equals("format") && member.getValue().isString()
                        && !PROBLEMS.containsKey(member.getValue().asString())) {
                    return true;
                }
                if (otherFormatsIn(member.getValue())) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public Optional<Evaluator> create(SchemaParsingContext ctx, String fieldName, JsonNode fieldNode) {
        if (!"format".equals(fieldName) || !fieldNode.isString()) {
            return Optional.empty();
        }
        String format = fieldNode.asString();
        return Optional.ofNullable(PROBLEMS.get(format)).map(problem -> new FormatCheck(format, problem));
    }

    /** Checks strings only: a value of another type is left to {@code type}, as JSON Schema says. */
    private record FormatCheck(String format, Function<String, String> problem) implements Evaluator {
        @Override
        public Result evaluate(EvaluationContext ctx, JsonNode node) {
            if (!node.isString()) {
                return Result.success();
            }
            String why = problem.apply(node.asString());
            return why == null ? Result.success() : Result.failure("not an RFC 3339 " + format + ": " + why);
        }
    }

    /**
     * What makes the text no RFC 3339 date-time.
     *
     * @param text the value
     * @return null when it is one; else why not
     */
    static String dateTimeProblem(String text) {
        if (text.length() < 11 || (text.charAt(10) != 'T' && text.charAt(10) != 't')) {
            return "expected a full-date, 'T' and a full-time, as in 2024-01-02T03:04:05Z";
        }
        String date = dateProblem(text.substring(0, 10));
        return date != null ? date : timeProblem(text.substring(11));
    }

    /**
     * What makes the text no RFC 3339 full-date.
     *
     * @param text the value
     * @return null when it is one; else why not
     */
    static String dateProblem(String text) {
        if (text.length() != 10 || !digits(text, 0, 4) || text.charAt(4) != '-' || !digits(text, 5, 7)
                || text.charAt(7) != '-' || !digits(text, 8, 10)) {
            return "expected YYYY-MM-DD, as in 2024-01-02";
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 7);
        int day = number(text, 8, 10);
        if (month < 1 || month > 12) {
            return "month " + text.substring(5, 7) + " is not 01-12";
        }
        int days = YearMonth.of(year, month).lengthOfMonth();
        if (day < 1 || day > days) {
            return "day " + text.substring(8, 10) + " is not in " + text.substring(0, 7) + " (01-" + days + ")";
        }
        return null;
    }

    /**
     * What makes the text no RFC 3339 full-time.
     *
     * @param text the value
     * @return null when it is one; else why not
     */
    static String timeProblem(String text) {
        if (text.length() < 8 || !digits(text, 0, 2) || text.charAt(2) != ':' || !digits(text, 3, 5)
                || text.charAt(5) != ':' || !digits(text, 6, 8)) {
            return "expected hh:mm:ss, an optional fraction and an offset, as in 03:04:05Z or 03:04:05.5+01:00";
        }
        int end = 8;
        if (end < text.length() && text.charAt(end) == '.') {
            int start = ++end;
            while (end < text.length() && isDigit(text.charAt(end))) {
                end++;
            }
            if (end == start) {
                return "a '.' must be followed by at least one digit";
            }
        }
        int offsetMinutes;
        String offset = text.substring(end);
        if (offset.equals("Z") || offset.equals("z")) {
            offsetMinutes = 0;
        } else if (offset.length() == 6 && (offset.charAt(0) == '+' || offset.charAt(0) == '-')
                && digits(offset, 1, 3) && offset.charAt(3) == ':' && digits(offset, 4, 6)) {
            int hours = number(offset, 1, 3);
            int minutes = number(offset, 4, 6);
            if (hours > 23 || minutes > 59) {
                return "offset " + offset + " is not within -23:59..+23:59";
            }
            offsetMinutes = (offset.charAt(0) == '-' ? -1 : 1) * (hours * 60 + minutes);
        } else {
            return "expected the offset Z or +hh:mm or -hh:mm after the seconds";
        }
        int hour = number(text, 0, 2);
        int minute = number(text, 3, 5);
        int second = number(text, 6, 8);
        if (hour > 23 || minute > 59) {
            return "time " + text.substring(0, 5) + " is not within 00:00..23:59";
        }
        if (second > 60) {
            return "second " + text.substring(6, 8) + " is not 00-60";
        }
        if (second == 60) {
            int utcMinute = Math.floorMod(hour * 60 + minute - offsetMinutes, MINUTES_PER_DAY);
            if (utcMinute != MINUTES_PER_DAY - 1) {
                return "a leap second (:60) is only at 23:59 UTC";
            }
        }
        return null;
    }

    private static boolean digits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** ASCII only: {@link Character#isDigit} also takes other scripts' digits, which RFC 3339 does not. */
    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int number(String text, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n = n * 10 + (text.charAt(i) - '0');
        }
        return n;
    }
}
