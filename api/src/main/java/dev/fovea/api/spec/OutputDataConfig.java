package dev.fovea.api.spec;

import io.fabric8.generator.annotation.ValidationRule;

/** Where the trained model goes ({@code /opt/ml/model} is copied there when training succeeds). */
@ValidationRule(value = DataSource.EXACTLY_ONE_SOURCE_RULE, message = DataSource.EXACTLY_ONE_SOURCE_MESSAGE)
@ValidationRule(
        value = ChannelRulesCel.INPUT_ONLY_DISTRIBUTION_RULE,
        message = ChannelRulesCel.INPUT_ONLY_DISTRIBUTION_MESSAGE)
public class OutputDataConfig extends DataSource {}
