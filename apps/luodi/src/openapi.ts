import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { FieldErrorDto, ProblemDto } from './common/problem/api-problems.decorator';

/** OpenAPI at /api/docs (UI) and /api/docs-json, generated from the controllers and DTOs. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('luodi 落地 API')
    .setDescription(
      '招商引资项目全流程跟踪:线索 → 在谈 → 签约 → 注册 → 开工 → 投产。\n\n' +
        'Business dates are `YYYY-MM-DD` (Asia/Shanghai); money is in 万元 with up to 4 decimals. ' +
        'Errors are RFC 9457 `application/problem+json` with a stable `code`. ' +
        'Every command accepts `Idempotency-Key` and `If-Match`; project responses carry `ETag`.\n\n' +
        'A key limited to `regionCodes` sees only the projects (and 督办 items) of those regions and ' +
        'the regions below: any other project id answers `404 NOT_FOUND` exactly as if it did not ' +
        'exist. Region codes are public, so asking for a region outside the key’s (a list or report ' +
        '`regionCode`, a lead’s region) is `403 FORBIDDEN`. Too many requests from one client (or ' +
        'one IP address without a key) get `429 RATE_LIMITED` with `Retry-After`; a request that ' +
        'arrives too slowly gets `408 REQUEST_TIMEOUT`, a database that answers too slowly ' +
        '`503 UNAVAILABLE` with `Retry-After`.',
    )
    .setVersion('1')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: 'API key issued by POST /api/v1/clients',
    })
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ProblemDto, FieldErrorDto],
  });
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    customSiteTitle: 'luodi 落地 API',
  });
}
