package dev.fovea.trainer.data.fetch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups a prefix's keys into the units sharding hands out: each key on its own, except that a RecordIO file's index
 * ({@code x.idx}) goes with its records ({@code x.rec}), so that no host gets an index without its file.
 */
final class RecordFiles {

    private RecordFiles() {}

    /** The units, in the order of their first key. */
    static List<List<String>> units(List<String> keys) {
        List<String> sorted = keys.stream().sorted().toList();
        Set<String> all = new HashSet<>(sorted);
        Map<String, List<String>> units = new LinkedHashMap<>();
        for (String key : sorted) {
            if (!(key.endsWith(".idx") && all.contains(recordsOf(key)))) {
                units.put(key, new ArrayList<>(List.of(key)));
            }
        }
        for (String key : sorted) {
            if (key.endsWith(".idx") && units.containsKey(recordsOf(key))) {
                units.get(recordsOf(key)).add(key);
            }
        }
        return List.copyOf(units.values());
    }

    private static String recordsOf(String idx) {
        return idx.substring(0, idx.length() - ".idx".length()) + ".rec";
    }
}
