package io.shopwatch.gateway.path;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.shopwatch.common.web.PathFirewall;
import io.shopwatch.common.web.ProblemBodies;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.gateway.request.RequestIds;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Answers, right after Netty's HTTP decoder, the requests whose target is not a URI at all (a raw backslash, a space,
 * a quote): Spring WebFlux cannot build the request for them and would answer an empty 400. The answer is the same
 * 400 problem document as {@link PathFirewallFilter}'s, and the connection is closed. One instance per connection.
 */
final class UnparsableTargetHandler extends ChannelInboundHandlerAdapter {

    /** Name of this handler in the channel pipeline. */
    static final String NAME = "shopwatch.unparsableTarget";

    /** Set once a request was refused: the rest of it (its body) is dropped until the connection closes. */
    private boolean refused;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            Optional<String> reason = reason(request.uri());
            if (reason.isPresent()) {
                refused = true;
                ReferenceCountUtil.release(msg);
                refuse(ctx, request, reason.get());
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** Why the target cannot be served, when Spring could not even read it; empty for every target it can read. */
    static Optional<String> reason(String target) {
        try {
            new URI("http://localhost" + (target.startsWith("/") ? target : "/" + target));
            return Optional.empty();
        } catch (URISyntaxException e) {
            int query = target.indexOf('?');
            String path = query < 0 ? target : target.substring(0, query);
            return Optional.of(PathFirewall.check(path).orElse("the request target is not a valid URI"));
        }
    }

    private static void refuse(ChannelHandlerContext ctx, HttpRequest request, String reason) {
        String target = request.uri();
        String requestId = RequestIds.keepOrGenerate(request.headers().get(RequestIds.HEADER));
        int query = target.indexOf('?');
        String instance = query < 0 ? target : target.substring(0, query);
        byte[] body = ProblemBodies.json(
                        ProblemType.PATH_REFUSED, 400, reason, instance, Map.of("requestId", requestId))
                .getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST, Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, ProblemBodies.MEDIA_TYPE)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set(RequestIds.HEADER, requestId)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
