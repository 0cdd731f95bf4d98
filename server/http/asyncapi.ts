import { z } from 'zod'
import { PROTOCOL_VERSION } from '../../shared/errors.js'
import { clientEventSchemas } from '../../shared/events.js'
import { ackErrorSchema, clientAckSchemas, serverEventSchemas } from '../../shared/events/catalogue.js'

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-7',
  }) as Record<string, unknown>
  return rest
}

/** Component keys allow letters, digits, dots, dashes and underscores: `board:join` → `board.join`. */
const keyOf = (event: string) => event.replace(/[^A-Za-z0-9._-]/g, '.')

/**
 * The AsyncAPI 3 document of the Socket.IO API, generated from the shared event maps' schemas: what a
 * client may send (and what each request acknowledges), and what the server sends. Served beside the
 * OpenAPI document at /api/asyncapi.json.
 */
export function buildAsyncApiDocument(): object {
  const messages: Record<string, object> = {}
  const operations: Record<string, object> = {}
  const channelMessages: Record<string, object> = {}
  const ref = (key: string) => ({ $ref: `#/channels/socket/messages/${key}` })
  for (const [event, schema] of Object.entries(clientEventSchemas)) {
    const key = `client.${keyOf(event)}`
    const ackKey = `ack.${keyOf(event)}`
    messages[key] = {
      name: event,
      title: event,
      summary: `Sent by a client: ${event} (its payload is the first argument)`,
      payload: jsonSchema(schema, 'input'),
    }
    const ack = clientAckSchemas[event as keyof typeof clientAckSchemas]
    messages[ackKey] = {
      name: `${event} acknowledgement`,
      title: `${event} acknowledgement`,
      summary: 'The acknowledgement callback’s argument: the answer, or the refusal with a stable error code',
      payload: {
        oneOf: [
          jsonSchema(z.object({ ok: z.literal(true), data: ack }), 'output'),
          jsonSchema(ackErrorSchema, 'output'),
        ],
      },
    }
    channelMessages[key] = { $ref: `#/components/messages/${key}` }
    channelMessages[ackKey] = { $ref: `#/components/messages/${ackKey}` }
    operations[`receive.${keyOf(event)}`] = {
      action: 'receive',
      title: event,
      summary: `The server handles ${event} and acknowledges it`,
      channel: { $ref: '#/channels/socket' },
      messages: [ref(key)],
      reply: { channel: { $ref: '#/channels/socket' }, messages: [ref(ackKey)] },
    }
  }
  for (const [event, schema] of Object.entries(serverEventSchemas)) {
    const key = `server.${keyOf(event)}`
    messages[key] = {
      name: event,
      title: event,
      summary: `Sent by the server: ${event}`,
      payload: jsonSchema(schema, 'output'),
    }
    channelMessages[key] = { $ref: `#/components/messages/${key}` }
    operations[`send.${keyOf(event)}`] = {
      action: 'send',
      title: event,
      summary: `The server emits ${event}`,
      channel: { $ref: '#/channels/socket' },
      messages: [ref(key)],
    }
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Bridges live API (Socket.IO)',
      version: String(PROTOCOL_VERSION),
      description:
        'Socket.IO 4 over WebSocket at /socket.io/, authenticated by the session cookie and handshake `auth: { protocolVersion }`. Requests are `feature:verb` with an acknowledgement as the last argument; broadcasts are past tense. Every payload is validated: a refusal is `{ ok: false, error: { code, message } }`.',
    },
    defaultContentType: 'application/json',
    servers: {
      bridges: {
        host: 'localhost:3000',
        pathname: '/socket.io/',
        protocol: 'ws',
        description: 'The same host and port as the HTTP API (wss behind TLS)',
      },
    },
    channels: { socket: { address: '/', title: 'The default Socket.IO namespace', messages: channelMessages } },
    operations,
    components: { messages },
  }
}
