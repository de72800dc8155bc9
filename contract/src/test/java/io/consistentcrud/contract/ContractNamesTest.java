package io.consistentcrud.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The prefixes hold for every name they claim to cover, so refusing the prefix refuses every name. */
class ContractNamesTest {

    @Test
    void everyRuntimeVariable_startsWithThePrefixTheConstructRefusesForUserVariables() {
        assertThat(constants(RuntimeVariables.class)).hasSizeGreaterThan(1)
                .allSatisfy(name -> assertThat(name).startsWith(RuntimeVariables.PREFIX)).doesNotHaveDuplicates();
    }

    @Test
    void everyBookkeepingAttribute_startsWithTheReservedPrefix() {
        assertThat(constants(ReservedAttributes.class)).hasSizeGreaterThan(1)
                .allSatisfy(name -> assertThat(name).startsWith(ReservedAttributes.PREFIX)).doesNotHaveDuplicates();
    }

    @Test
    void theIdempotencyRecordsKeyAndTtl_areNotReservedNames() {
        assertThat(constants(IdempotencyRecordSchema.class)).doesNotHaveDuplicates()
                .noneSatisfy(name -> assertThat(name).startsWith(ReservedAttributes.PREFIX));
    }

    private static List<String> constants(Class<?> type) {
        return Arrays.stream(type.getDeclaredFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
                .map(ContractNamesTest::value).toList();
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
