package dev.fovea.e2e.chart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/** Runs {@code docs/argocd-health.lua} the way Argo CD does: the object as the global {@code obj}, a table back. */
final class ArgoCdHealthCheck {

    record Health(String status, String message) {}

    private final String script;

    ArgoCdHealthCheck(Path script) throws IOException {
        this.script = Files.readString(script);
    }

    Health assess(Map<String, Object> object) {
        Globals globals = JsePlatform.standardGlobals();
        globals.set("obj", toLua(object));
        LuaValue result = globals.load(script, "argocd-health.lua").call();
        return new Health(
                result.get("status").tojstring(), result.get("message").optjstring(null));
    }

    /** Object trees as Argo CD hands them over: maps become tables, lists 1-based arrays. */
    private static LuaValue toLua(Object value) {
        return switch (value) {
            case null -> LuaValue.NIL;
            case Map<?, ?> map -> {
                LuaTable table = new LuaTable();
                map.forEach((k, v) -> table.set(String.valueOf(k), toLua(v)));
                yield table;
            }
            case List<?> list -> {
                LuaTable table = new LuaTable();
                for (int i = 0; i < list.size(); i++) {
                    table.set(i + 1, toLua(list.get(i)));
                }
                yield table;
            }
            case Boolean b -> LuaValue.valueOf(b);
            case Integer i -> LuaValue.valueOf(i);
            case Number n -> LuaValue.valueOf(n.doubleValue());
            default -> LuaValue.valueOf(String.valueOf(value));
        };
    }
}
