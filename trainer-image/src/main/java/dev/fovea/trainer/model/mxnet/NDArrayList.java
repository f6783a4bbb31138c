package dev.fovea.trainer.model.mxnet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of an MXNet NDArray-list file ({@code mx.nd.save}): arrays, and either one name per array or none.
 *
 * @param arrays the arrays in file order
 * @param names the arrays' names in the same order, or empty for a list saved without names
 */
public record NDArrayList(List<MxNetArray> arrays, List<String> names) {

    public NDArrayList {
        arrays = List.copyOf(arrays);
        names = List.copyOf(names);
        if (!names.isEmpty() && names.size() != arrays.size()) {
            throw new IllegalArgumentException(
                    "an NDArray list has one name per array or none, not " + names.size() + " for " + arrays.size());
        }
    }

    /** A named list, in the map's order. */
    public static NDArrayList of(Map<String, MxNetArray> named) {
        return new NDArrayList(List.copyOf(named.values()), List.copyOf(named.keySet()));
    }

    /**
     * The arrays by name, in file order.
     *
     * @throws IllegalStateException when the list has no names or a name twice
     */
    public Map<String, MxNetArray> byName() {
        if (names.isEmpty() && !arrays.isEmpty()) {
            throw new IllegalStateException("the arrays were saved without names");
        }
        Map<String, MxNetArray> named = new LinkedHashMap<>();
        for (int i = 0; i < arrays.size(); i++) {
            if (named.put(names.get(i), arrays.get(i)) != null) {
                throw new IllegalStateException("the name " + names.get(i) + " is given to two arrays");
            }
        }
        return named;
    }
}
