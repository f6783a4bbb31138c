package dev.fovea.trainer.exchange.transport;

import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.RecvByteBufAllocator;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * The gRPC server's listening socket on the exchange port, with one change: every connection it accepts first goes
 * through the {@link ConnectionSorter}, which keeps stream connections and hands gRPC's back here, to be served as
 * usual with the bytes the sorter read put back in front, and watched by the {@link TokenDeadline} until one of its
 * calls carries the job's token.
 */
final class SharedPortServerChannel extends NioServerSocketChannel {

    private final ConnectionSorter sorter;
    private final TokenDeadline deadline;

    SharedPortServerChannel(ConnectionSorter sorter, TokenDeadline deadline) {
        this.sorter = sorter;
        this.deadline = deadline;
    }

    @Override
    protected int doReadMessages(List<Object> accepted) throws Exception {
        SocketChannel channel = javaChannel().accept();
        if (channel != null) {
            long acceptedAt = System.nanoTime();
            sorter.sort(channel, prefix -> eventLoop().execute(() -> adopt(channel, prefix, acceptedAt)));
        }
        // the connection reaches the pipeline later, from adopt(), once the sorter has seen its first bytes
        return 0;
    }

    private void adopt(SocketChannel channel, ByteBuffer prefix, long accepted) {
        if (!isOpen()) {
            Streams.closeQuietly(channel);
            return;
        }
        ReplayingSocketChannel connection = new ReplayingSocketChannel(this, channel, prefix);
        deadline.watch(connection, accepted, eventLoop());
        pipeline().fireChannelRead(connection);
        pipeline().fireChannelReadComplete();
    }

    /** A gRPC connection whose first bytes the sorter already read: its first reads return them. */
    private static final class ReplayingSocketChannel extends NioSocketChannel {

        private final ByteBuffer prefix;

        ReplayingSocketChannel(Channel parent, SocketChannel socket, ByteBuffer prefix) {
            super(parent, socket);
            this.prefix = prefix;
        }

        @Override
        protected void doBeginRead() throws Exception {
            super.doBeginRead();
            if (prefix.hasRemaining()) {
                // the replayed bytes are not in the socket, so no readiness event would deliver them
                eventLoop().execute(() -> unsafe().read());
            }
        }

        @Override
        protected int doReadBytes(ByteBuf buffer) throws Exception {
            if (!prefix.hasRemaining()) {
                return super.doReadBytes(buffer);
            }
            RecvByteBufAllocator.Handle handle = unsafe().recvBufAllocHandle();
            int count = Math.min(prefix.remaining(), buffer.writableBytes());
            handle.attemptedBytesRead(count);
            buffer.writeBytes(prefix.slice(prefix.position(), count));
            prefix.position(prefix.position() + count);
            return count;
        }
    }
}
