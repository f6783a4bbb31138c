package dev.fovea.trainer.optimizer;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A DJL optimizer with MXNet's update rules whose state can be saved to and restored from a
 * checkpoint. It keeps its own update counts (DJL's are private) so that a resumed run continues
 * the learning-rate schedule and Adam's bias correction where it stopped.
 *
 * <p>A float16 weight is updated through a float32 master copy ({@link MasterWeights}), as MXNet's
 * {@code multi_precision} does; the masters are part of the state.
 *
 * <p>{@link #update} never writes into {@code grad} (DJL's parameter server hands the same
 * aggregated gradient to every device's update) and clears the weight's own gradient afterwards, as
 * DJL's optimizers do on PyTorch (the fused native updates do it in the same call).
 */
public abstract class FoveaOptimizer extends Optimizer implements AutoCloseable {

    private final ParameterTracker learningRate;
    /** Slot arrays by {@code <slot>/<parameterId>}, one copy per device. */
    private final Map<String, Map<Device, NDArray>> slots = new ConcurrentHashMap<>();
    /** Update counts by parameter id and device (each device's copy is updated once per step). */
    private final Map<String, Map<Device, Integer>> updateCounts = new ConcurrentHashMap<>();
    /** State restored from a checkpoint, moved onto each device on its first update. */
    private OptimizerState restored = new OptimizerState(Map.of(), Map.of());

    private volatile int numUpdate;
    /** Which parameters weight decay applies to (by id or name); all of them until {@link #decayOnly} says. */
    private volatile Predicate<String> decayed = parameter -> true;

    protected FoveaOptimizer(ParameterTracker learningRate, float rescaleGrad, float weightDecay) {
        super(new Settings().setRescaleGrad(rescaleGrad).optWeightDecays(weightDecay));
        this.learningRate = learningRate;
    }

    @Override
    public final void update(String parameterId, NDArray weight, NDArray grad) {
        int count = countUpdate(parameterId, weight.getDevice());
        float lr = learningRate.getNewValue(parameterId, numUpdate);
        if (MasterWeights.keepsMaster(weight)) {
            MasterWeights.update(
                    master(parameterId, weight),
                    weight,
                    grad,
                    (master, wideGrad) -> apply(parameterId, master, wideGrad, lr, count));
        } else {
            apply(parameterId, weight, grad, lr, count);
        }
    }

    /**
     * Updates every trainable parameter from its own gradient: what {@code trainer.step()} does for
     * a model on one device, without DJL's parameter server first copying each gradient (one
     * allocation and copy per parameter per step).
     *
     * @param parameters the model's parameters, e.g. {@code model.getBlock().getParameters()}
     */
    public void updateAll(ParameterList parameters) {
        for (Pair<String, Parameter> named : parameters) {
            Parameter parameter = named.getValue();
            if (parameter.requiresGradient() && parameter.isInitialized()) {
                NDArray weight = parameter.getArray();
                try (NDArray grad = weight.getGradient()) {
                    update(parameter.getId(), weight, grad);
                }
            }
        }
    }

    /** How many arrays the size of a parameter this optimizer keeps for it (momentum, moments): checkpoint size. */
    public abstract int slotsPerParameter();

    /**
     * Applies one update to {@code weight} in place and clears the weight's gradient.
     *
     * @param parameterId the parameter's id
     * @param weight the weight to update
     * @param grad the gradient, read-only
     * @param lr the learning rate of this update
     * @param count this parameter's update count, starting at 1
     */
    protected abstract void apply(String parameterId, NDArray weight, NDArray grad, float lr, int count);

    /** Zeroes the weight's accumulated gradient, as DJL's fused PyTorch updates do after updating. */
    protected static void clearGradient(NDArray weight) {
        if (weight instanceof PtNDArray ptWeight) {
            JniUtils.zeroGrad(ptWeight);
        }
    }

    /**
     * Restricts weight decay to the parameters {@code parameters} accepts (by the id DJL's trainer updates them with,
     * or the name a dist_async shard server does); the others are updated without it. Call before the first update.
     *
     * @return this optimizer
     */
    public FoveaOptimizer decayOnly(Predicate<String> parameters) {
        this.decayed = parameters;
        return this;
    }

    /** The weight decay of {@code parameterId}: the optimizer's, or 0 for a parameter {@link #decayOnly} excludes. */
    protected float weightDecay(String parameterId) {
        return decayed.test(parameterId) ? getWeightDecay() : 0f;
    }

    /** The gradient as MXNet's optimizers see it: {@code rescaleGrad * grad + weightDecay * weight}. */
    protected NDArray rescaledGradient(String parameterId, NDArray weight, NDArray grad) {
        NDArray rescaled = grad.mul(rescaleGrad);
        float weightDecay = weightDecay(parameterId);
        if (weightDecay != 0f) {
            try (NDArray decay = weight.mul(weightDecay)) {
                rescaled.addi(decay);
            }
        }
        return rescaled;
    }

    /**
     * Returns this parameter's state slot on the weight's device: restored from a checkpoint if
     * one was, zeros otherwise.
     */
    protected NDArray slot(String slot, String parameterId, NDArray weight) {
        String key = OptimizerState.slotKey(slot, parameterId);
        Map<Device, NDArray> copies = slots.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
        return copies.computeIfAbsent(weight.getDevice(), device -> newSlot(key, weight));
    }

    /** This parameter's float32 master on the weight's device: restored from a checkpoint if one was, else seeded. */
    private NDArray master(String parameterId, NDArray weight) {
        String key = OptimizerState.slotKey(MasterWeights.SLOT, parameterId);
        Map<Device, NDArray> copies = slots.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
        return copies.computeIfAbsent(
                weight.getDevice(), device -> restoredSlot(key, MasterWeights.seed(weight), weight.getDevice()));
    }

    /**
     * Snapshots the state: copies of the slots (one per parameter) and the update counts.
     *
     * @return the state; its arrays are copies, which the caller closes
     */
    public OptimizerState state() {
        return snapshot(parameterId -> true);
    }

    /**
     * Snapshots one parameter's state, as {@link #state()} does for all of them.
     *
     * @param parameterId the parameter's id
     * @return its slots and update count (empty before its first update); the caller closes the arrays
     */
    public OptimizerState state(String parameterId) {
        return snapshot(parameterId::equals);
    }

    private OptimizerState snapshot(Predicate<String> parameters) {
        Predicate<String> slotOf = key -> parameters.test(OptimizerState.parameterOf(key));
        Map<String, NDArray> snapshot = new HashMap<>();
        restored.slots().forEach((key, array) -> {
            if (slotOf.test(key)) {
                snapshot.put(key, array.duplicate());
            }
        });
        slots.forEach((key, copies) -> {
            if (slotOf.test(key)) {
                snapshot.put(key, copies.values().iterator().next().duplicate());
            }
        });
        Map<String, Integer> counts = new HashMap<>();
        restored.updateCounts().forEach((id, count) -> {
            if (parameters.test(id)) {
                counts.put(id, count);
            }
        });
        updateCounts.forEach((id, perDevice) -> {
            if (parameters.test(id)) {
                counts.put(
                        id,
                        perDevice.values().stream()
                                .mapToInt(Integer::intValue)
                                .max()
                                .orElse(0));
            }
        });
        return new OptimizerState(snapshot, counts);
    }

    /**
     * Continues from a saved state: the next update of each parameter uses the saved slots and
     * counts. Call before the first update. The state's arrays are copied; the caller keeps them.
     *
     * @param state a state from {@link #state()} or {@link OptimizerState#decode}
     * @throws IllegalStateException if this optimizer has already updated a parameter
     */
    public void restore(OptimizerState state) {
        if (!updateCounts.isEmpty()) {
            throw new IllegalStateException("restore the optimizer state before the first update");
        }
        Map<String, NDArray> owned = new HashMap<>();
        state.slots().forEach((key, array) -> {
            NDArray copy = array.duplicate();
            copy.detach(); // the caller may close the state's manager; this copy is ours
            owned.put(key, copy);
        });
        restored = new OptimizerState(owned, state.updateCounts());
        numUpdate = state.numUpdate();
    }

    /** The global update count (the largest per-parameter count), as the schedule sees it. */
    public int numUpdate() {
        return numUpdate;
    }

    @Override
    public void close() {
        slots.values().forEach(copies -> copies.values().forEach(NDArray::close));
        slots.clear();
        restored.slots().values().forEach(NDArray::close);
    }

    private int countUpdate(String parameterId, Device device) {
        int previous = restored.updateCounts().getOrDefault(parameterId, 0);
        int count = updateCounts
                .computeIfAbsent(parameterId, k -> new ConcurrentHashMap<>())
                .merge(device, previous + 1, (old, one) -> old + 1);
        numUpdate = Math.max(numUpdate, count);
        return count;
    }

    private NDArray newSlot(String key, NDArray weight) {
        NDArray slot = weight.zerosLike();
        slot.detach(); // owned by this optimizer, closed in close()
        return restoredSlot(key, slot, weight.getDevice());
    }

    /** {@code fresh}, overwritten with the restored state's {@code key} when a checkpoint holds one. */
    private NDArray restoredSlot(String key, NDArray fresh, Device device) {
        NDArray saved = restored.slots().get(key);
        if (saved != null) {
            // copy in with a native op: never write Java memory into a live array
            NDArray onDevice = saved.toDevice(device, false);
            fresh.subi(fresh).addi(onDevice);
            if (onDevice != saved) {
                onDevice.close();
            }
        }
        return fresh;
    }

    /** DJL's optimizer base class takes its common settings from a builder. */
    private static final class Settings extends OptimizerBuilder<Settings> {
        @Override
        protected Settings self() {
            return this;
        }
    }
}
