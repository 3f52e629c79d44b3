package dev.tanken.bench;

import dev.tanken.cache.internal.PostCodec;
import dev.tanken.model.Post;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.redisson.client.codec.BaseCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.Decoder;
import org.redisson.client.protocol.Encoder;

/**
 * Redisson values as the tier's own post encoding, so Redisson's write-behind map is compared on
 * the same bytes per post, not on a slower generic serializer. Map keys are post ids as strings.
 */
final class PostRedissonCodec extends BaseCodec {
    static final PostRedissonCodec INSTANCE = new PostRedissonCodec();

    private final Encoder encoder = in -> Unpooled.wrappedBuffer(PostCodec.encode((Post) in));
    private final Decoder<Object> decoder = (buf, state) -> PostCodec.decode(ByteBufUtil.getBytes(buf));

    @Override
    public Decoder<Object> getValueDecoder() {
        return decoder;
    }

    @Override
    public Encoder getValueEncoder() {
        return encoder;
    }

    @Override
    public Decoder<Object> getMapKeyDecoder() {
        return StringCodec.INSTANCE.getValueDecoder();
    }

    @Override
    public Encoder getMapKeyEncoder() {
        return StringCodec.INSTANCE.getValueEncoder();
    }
}
