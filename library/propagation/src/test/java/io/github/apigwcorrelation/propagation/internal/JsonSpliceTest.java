package io.github.apigwcorrelation.propagation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonSpliceTest {
    @Test
    void addMemberAppendsAfterTheUsersMembersKeepingEveryByte() {
        assertThat(JsonSplice.addMember("{ \"a\" : 1.50e0 ,\n \"b\":[{}] }", "f", "id").json())
                .isEqualTo("{ \"a\" : 1.50e0 ,\n \"b\":[{}] ,\"f\":\"id\"}");
        assertThat(JsonSplice.addMember("{}", "f", "id").json()).isEqualTo("{\"f\":\"id\"}");
        assertThat(JsonSplice.addMember("  { }  ", "f", "id").json()).isEqualTo("  { \"f\":\"id\"}  ");
    }

    @Test
    void addMemberLeavesAnObjectThatHasTheFieldEvenEscapedOrNested() {
        JsonSplice.Outcome own = JsonSplice.addMember("{\"\\u0066\":null}", "f", "id");
        assertThat(own.json()).isNull();
        assertThat(own.problem()).isNull();
        // Only a top-level field counts: a nested one is the user's business.
        assertThat(JsonSplice.addMember("{\"x\":{\"f\":1}}", "f", "id").json()).isEqualTo("{\"x\":{\"f\":1},\"f\":\"id\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"text\"", "12", "null", "{\"a\":1", "{\"a\":1}}", "{\"a\":1} {\"b\":2}", "{a:1}",
            "", "   "})
    void addMemberRefusesWhatIsNotExactlyOneObject(String json) {
        JsonSplice.Outcome outcome = JsonSplice.addMember(json, "f", "id");
        assertThat(outcome.json()).isNull();
        assertThat(outcome.problem()).isNotNull();
    }

    @Test
    void addMemberRefusesNestingDeeperThanTheParserAllowsWithoutThrowing() {
        String deep = "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertThat(JsonSplice.addMember(deep, "f", "id").problem()).isEqualTo("it is not valid JSON");
    }

    @Test
    void addCustomEntryCreatesOrExtendsCustom() {
        assertThat(JsonSplice.addCustomEntry("{}", "K", "v").json()).isEqualTo("{\"custom\":{\"K\":\"v\"}}");
        assertThat(JsonSplice.addCustomEntry("{\"client\":{}}", "K", "v").json())
                .isEqualTo("{\"client\":{},\"custom\":{\"K\":\"v\"}}");
        assertThat(JsonSplice.addCustomEntry("{\"custom\":{}}", "K", "v").json()).isEqualTo("{\"custom\":{\"K\":\"v\"}}");
        assertThat(JsonSplice.addCustomEntry("{\"custom\":{\"a\":\"b\"},\"env\":{\"custom\":1}}", "K", "v").json())
                .isEqualTo("{\"custom\":{\"a\":\"b\",\"K\":\"v\"},\"env\":{\"custom\":1}}");
    }

    @Test
    void addCustomEntryKeepsTheUsersEntry() {
        JsonSplice.Outcome own = JsonSplice.addCustomEntry("{\"custom\":{\"K\":\"users\"}}", "K", "v");
        assertThat(own.json()).isNull();
        assertThat(own.problem()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"custom\":null}", "{\"custom\":\"x\"}", "{\"custom\":[]}",
            "{\"custom\":{\"a\":\"b\"},\"custom\":{}}", "[]", "{\"custom\":{\"a\":}}", "{\"custom\":{}} x"})
    void addCustomEntryRefusesWhatTheReceiverCouldReadTwoWays(String json) {
        JsonSplice.Outcome outcome = JsonSplice.addCustomEntry(json, "K", "v");
        assertThat(outcome.json()).isNull();
        assertThat(outcome.problem()).isNotNull();
    }
}
