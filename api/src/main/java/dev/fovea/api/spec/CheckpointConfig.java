package dev.fovea.api.spec;

import io.fabric8.generator.annotation.ValidationRule;

/** Where checkpoints go ({@code /opt/ml/checkpoints}); a restarted or resumed job continues from the newest one. */
@ValidationRule(value = DataSource.EXACTLY_ONE_SOURCE_RULE, message = DataSource.EXACTLY_ONE_SOURCE_MESSAGE)
@ValidationRule(
        value = ChannelRulesCel.INPUT_ONLY_DISTRIBUTION_RULE,
        message = ChannelRulesCel.INPUT_ONLY_DISTRIBUTION_MESSAGE)
public class CheckpointConfig extends DataSource {}
