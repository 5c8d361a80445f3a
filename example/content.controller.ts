import { HttpService } from '@nestjs/axios';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { InjectCaliperHttp, InjectQtiHttp } from 'nestjs-timeback';
import { firstValueFrom } from 'rxjs';

/** Raw QTI and Caliper calls through the module's HttpServices: bearer, retries and typed errors come with them. */
@Controller()
export class ContentController {
  constructor(
    @InjectQtiHttp() private readonly qti: HttpService,
    @InjectCaliperHttp() private readonly caliper: HttpService,
  ) {}

  @Get('content/stimuli')
  async listStimuli(@Query('query') query?: string): Promise<unknown> {
    const { data } = await firstValueFrom(this.qti.get('stimuli', { params: { query } }));
    return data;
  }

  @Get('content/stimuli/:identifier')
  async getStimulus(@Param('identifier') identifier: string): Promise<unknown> {
    const { data } = await firstValueFrom(this.qti.get(`stimuli/${encodeURIComponent(identifier)}`));
    return data;
  }

  /** Forwards a Caliper envelope; Caliper's 400 for an invalid one reaches the caller as 400. */
  @Post('events')
  @HttpCode(200)
  async sendEvents(@Body() envelope: unknown): Promise<unknown> {
    const { data } = await firstValueFrom(this.caliper.post('caliper/event', envelope));
    return data;
  }
}
