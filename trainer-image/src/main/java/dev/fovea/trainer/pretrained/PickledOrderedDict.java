package dev.fovea.trainer.pretrained;

import java.util.HashMap;
import java.util.LinkedHashMap;

/**
 * A {@code collections.OrderedDict} from a pickle, such as a state dict. Pyrolite's default, a {@code ClassDict},
 * replaces its items with the attributes a later {@code BUILD} sets; a state dict's only attribute,
 * {@code _metadata} (the modules' format versions), is of no use here, so it is dropped and the items stay.
 * Public because the unpickler calls {@link #__setstate__} reflectively.
 */
public final class PickledOrderedDict extends LinkedHashMap<Object, Object> {

    private static final long serialVersionUID = 1L;

    /** Receives the dictionary's attributes ({@code _metadata}); they are not items, so they are not kept. */
    public void __setstate__(HashMap<?, ?> attributes) {
        // nothing to keep
    }
}
