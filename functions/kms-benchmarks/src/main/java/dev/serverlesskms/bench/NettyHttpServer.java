package dev.serverlesskms.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Bare Netty HTTP/1.1 on one event-loop thread, for the matrix's baselines ({@link
 * NettyWireServer}, {@link NettyFloorServer}): whole requests in (up to a body limit; Netty answers
 * 413 past it), one response each, answered on the event loop and flushed when a read burst ends,
 * as Vert.x does. Keep-alive as the client asks.
 */
final class NettyHttpServer {
  /** Makes the response to one whole request, on the event loop. */
  interface Responder {
    FullHttpResponse respond(FullHttpRequest request, InetSocketAddress remote);
  }

  private NettyHttpServer() {}

  /** A whole response: {@code body} (wrapped, not copied) with {@code headers} and its length. */
  static FullHttpResponse response(int status, Map<String, String> headers, byte[] body) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
    headers.forEach(response.headers()::set);
    HttpUtil.setContentLength(response, body.length);
    return response;
  }

  /** A server listening on the loopback interface; closing it stops it. */
  static final class Running implements AutoCloseable {
    private final EventLoopGroup loop;
    private final Channel channel;

    private Running(EventLoopGroup loop, Channel channel) {
      this.loop = loop;
      this.channel = channel;
    }

    int port() {
      return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Blocks until the server is closed (for a main that serves until the process ends). */
    void awaitClose() throws InterruptedException {
      channel.closeFuture().sync();
    }

    @Override
    public void close() {
      channel.close().syncUninterruptibly();
      loop.shutdownGracefully().syncUninterruptibly();
    }
  }

  /** Starts serving on 127.0.0.1:{@code port} (0: any free port). */
  static Running start(int port, int maxBodyBytes, Responder responder)
      throws InterruptedException {
    EventLoopGroup loop = new NioEventLoopGroup(1);
    try {
      Channel channel =
          new ServerBootstrap()
              .group(loop)
              .channel(NioServerSocketChannel.class)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                      channel
                          .pipeline()
                          .addLast(new HttpServerCodec())
                          .addLast(new HttpObjectAggregator(maxBodyBytes))
                          .addLast(new Handler(responder));
                    }
                  })
              .bind(new InetSocketAddress("127.0.0.1", port))
              .sync()
              .channel();
      return new Running(loop, channel);
    } catch (InterruptedException | RuntimeException e) {
      loop.shutdownGracefully();
      throw e;
    }
  }

  private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Responder responder;

    Handler(Responder responder) {
      this.responder = responder;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      FullHttpResponse response =
          responder.respond(request, (InetSocketAddress) ctx.channel().remoteAddress());
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      HttpUtil.setKeepAlive(response, keepAlive);
      if (keepAlive) {
        ctx.write(response);
      } else {
        ctx.writeAndFlush(response).addListener(future -> ctx.close());
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
