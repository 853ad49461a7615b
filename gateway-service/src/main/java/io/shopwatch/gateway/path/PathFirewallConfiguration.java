package io.shopwatch.gateway.path;

import io.shopwatch.gateway.problem.ProblemResponses;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/** The path firewall in front of every request the gateway receives, routed or not. Always on. */
@Configuration(proxyBeanMethods = false)
class PathFirewallConfiguration {

    @Bean
    PathFirewallFilter pathFirewallFilter(ProblemResponses problems) {
        return new PathFirewallFilter(problems);
    }

    /** Targets Spring cannot read get the same problem+json answer, from Netty itself. */
    @Bean
    NettyServerCustomizer unparsableTargetCustomizer() {
        return server -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline()
                        .addAfter(NettyPipeline.HttpCodec, UnparsableTargetHandler.NAME, new UnparsableTargetHandler());
            }
        });
    }
}
