// Generated from Herald's OpenAPI document by `npm run generate:client` (openapi-typescript): do not edit.
export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether the API, PostgreSQL and Temporal are all reachable */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List every app (admin) */
        get: operations["listApps"];
        put?: never;
        /** Create an app and its API key (admin) */
        post: operations["createApp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/api-key/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replace the app’s API key; the old one stops working */
        post: operations["rotateApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an app and its settings */
        get: operations["getApp"];
        put?: never;
        post?: never;
        /** Delete an app and everything it owns (admin) */
        delete: operations["deleteApp"];
        options?: never;
        head?: never;
        /** Change an app’s name or settings */
        patch: operations["updateApp"];
        trace?: never;
    };
    "/v1/app": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The app an API key belongs to */
        get: operations["getOwnApp"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the app’s endpoints */
        get: operations["listEndpoints"];
        put?: never;
        /** Create a webhook endpoint; its secret is shown once */
        post: operations["createEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/endpoints/{endpointId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an endpoint and its health */
        get: operations["getEndpoint"];
        put?: never;
        post?: never;
        /** Delete an endpoint */
        delete: operations["deleteEndpoint"];
        options?: never;
        head?: never;
        /** Change an endpoint */
        patch: operations["updateEndpoint"];
        trace?: never;
    };
    "/v1/apps/{appId}/endpoints/{endpointId}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enable an endpoint again */
        post: operations["enableEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/endpoints/{endpointId}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Disable an endpoint (says endpoint.disabled) */
        post: operations["disableEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/endpoints/{endpointId}/secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Reveal an endpoint’s signing secret */
        get: operations["getEndpointSecret"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/endpoints/{endpointId}/secret/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate the signing secret; the old one signs on through its grace */
        post: operations["rotateEndpointSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The app’s events, newest first */
        get: operations["listEvents"];
        put?: never;
        /** Send an event; its deliveries start at once */
        post: operations["sendEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/events/{eventId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An event and how each delivery stands */
        get: operations["getEvent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/events/{eventId}/attempts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An event’s attempts, oldest first */
        get: operations["listEventAttempts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/events/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send up to 100 events, each stored and started on its own (207) */
        post: operations["sendEventBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/endpoints/{endpointId}/transformation/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run the endpoint’s transformation on a sample and see what would be sent */
        post: operations["testEndpointTransformation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/users/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user’s addresses and notification preferences */
        get: operations["getUser"];
        /** Set a user’s e-mail, phone number, time zone and locale */
        put: operations["putUser"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/users/{userId}/preferences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set what a user is sent: channels, event types, quiet hours */
        put: operations["putUserPreferences"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/users/{userId}/presence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user’s presence and offline-notice window */
        get: operations["getPresence"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/push-credentials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List push credentials, with their status and expiry */
        get: operations["listPushCredentials"];
        put?: never;
        /** Upload an APNs key or an FCM service account */
        post: operations["createPushCredential"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/push-credentials/{credentialId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a push credential */
        delete: operations["deletePushCredential"];
        options?: never;
        head?: never;
        /** Rename or activate a push credential */
        patch: operations["updatePushCredential"];
        trace?: never;
    };
    "/v1/apps/{appId}/users/{userId}/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a user’s devices */
        get: operations["listDevices"];
        put?: never;
        /** Register a user’s device token */
        post: operations["registerDevice"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/users/{userId}/devices/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a user’s device */
        delete: operations["deleteDevice"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/channels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the app’s channels */
        get: operations["listChannels"];
        put?: never;
        /** Create an email, SMS, chat or HTTP channel */
        post: operations["createChannel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/channels/{channelId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a channel (no secrets) */
        get: operations["getChannel"];
        put?: never;
        post?: never;
        /** Delete a channel and its routes */
        delete: operations["deleteChannel"];
        options?: never;
        head?: never;
        /** Change a channel; a new destination needs its secrets again */
        patch: operations["updateChannel"];
        trace?: never;
    };
    "/v1/apps/{appId}/routes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the app’s routes */
        get: operations["listRoutes"];
        put?: never;
        /** Send events of some types to a channel, with a template */
        post: operations["createRoute"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/routes/{routeId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a route */
        delete: operations["deleteRoute"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/contacts/{contactId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An SMS contact’s bounces and status */
        get: operations["getContact"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/endpoints/{endpointId}/attempts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An endpoint’s attempts, newest first */
        get: operations["listEndpointAttempts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/events/{eventId}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deliver an event again, under a new webhook-id */
        post: operations["replayEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/endpoints/{endpointId}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a sample event now and see the answer */
        post: operations["testEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Delivery success, failure rate, coverage and credential expiry */
        get: operations["getStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/endpoints/{endpointId}/recover": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deliver again every event that failed since an instant */
        post: operations["recoverEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/endpoints/{endpointId}/recover/{recoveryId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A recovery’s progress */
        get: operations["getRecovery"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/bins": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The app’s live request bins, newest first */
        get: operations["listBins"];
        put?: never;
        /** Make a request bin: a URL that records what is sent to it */
        post: operations["createBin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/bins/{binId}/requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What a request bin received, newest first */
        get: operations["listBinRequests"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/portal-links": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A one-time link that signs a browser in to this app’s console (embedding) */
        post: operations["createPortalLink"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/template-preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Render a route’s or push template on a sample event, before saving it */
        post: operations["previewTemplate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        status: string;
                        checks: {
                            postgres: {
                                ok: boolean;
                                error?: string;
                            };
                            temporal: {
                                ok: boolean;
                                error?: string;
                            };
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        status: string;
                        checks: {
                            postgres: {
                                ok: boolean;
                                error?: string;
                            };
                            temporal: {
                                ok: boolean;
                                error?: string;
                            };
                        };
                    };
                };
            };
        };
    };
    listApps: {
        parameters: {
            query?: {
                /** @description items per page, 1–100 (default 50) */
                limit?: string;
                /** @description nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: string;
                            name: string;
                            settings: {
                                offlineSuppressionSeconds: number;
                                unknownUsersAreOffline: boolean;
                                bounceThreshold: number;
                                failingAfterAttempts: number;
                                retentionDays: number;
                                retrySchedule: number[];
                                push: {
                                    enabled?: boolean;
                                    events?: string[];
                                    visible?: boolean;
                                    includeContent?: boolean;
                                    templates?: {
                                        [key: string]: {
                                            title?: string;
                                            body?: string;
                                            titleLocKey?: string;
                                            bodyLocKey?: string;
                                            locArgs?: string[];
                                        };
                                    };
                                    voipForCalls?: boolean;
                                    sandboxAsProduction?: boolean;
                                    timeToLiveSeconds?: number;
                                };
                                smsInbound: {
                                    unknownOnly?: boolean;
                                    optInKeywords?: string[];
                                };
                                criticalEventTypes: string[];
                            };
                        }[];
                        nextCursor?: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    createApp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    settings?: {
                        offlineSuppressionSeconds?: number;
                        unknownUsersAreOffline?: boolean;
                        bounceThreshold?: number;
                        failingAfterAttempts?: number;
                        disableAfterFailingSeconds?: number;
                        retentionDays?: number;
                        retrySchedule?: number[];
                        push?: {
                            enabled?: boolean;
                            events?: string[];
                            visible?: boolean;
                            includeContent?: boolean;
                            templates?: {
                                [key: string]: {
                                    title?: string;
                                    body?: string;
                                    titleLocKey?: string;
                                    bodyLocKey?: string;
                                    locArgs?: string[];
                                };
                            };
                            voipForCalls?: boolean;
                            sandboxAsProduction?: boolean;
                            timeToLiveSeconds?: number;
                        };
                        smsInbound?: {
                            unknownOnly?: boolean;
                            optInKeywords?: string[];
                        };
                        criticalEventTypes?: string[];
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        name: string;
                        settings: {
                            offlineSuppressionSeconds: number;
                            unknownUsersAreOffline: boolean;
                            bounceThreshold: number;
                            failingAfterAttempts: number;
                            retentionDays: number;
                            retrySchedule: number[];
                            push: {
                                enabled?: boolean;
                                events?: string[];
                                visible?: boolean;
                                includeContent?: boolean;
                                templates?: {
                                    [key: string]: {
                                        title?: string;
                                        body?: string;
                                        titleLocKey?: string;
                                        bodyLocKey?: string;
                                        locArgs?: string[];
                                    };
                                };
                                voipForCalls?: boolean;
                                sandboxAsProduction?: boolean;
                                timeToLiveSeconds?: number;
                            };
                            smsInbound: {
                                unknownOnly?: boolean;
                                optInKeywords?: string[];
                            };
                            criticalEventTypes: string[];
                        };
                        apiKey: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    rotateApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        apiKey: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    getApp: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        name: string;
                        settings: {
                            offlineSuppressionSeconds: number;
                            unknownUsersAreOffline: boolean;
                            bounceThreshold: number;
                            failingAfterAttempts: number;
                            retentionDays: number;
                            retrySchedule: number[];
                            push: {
                                enabled?: boolean;
                                events?: string[];
                                visible?: boolean;
                                includeContent?: boolean;
                                templates?: {
                                    [key: string]: {
                                        title?: string;
                                        body?: string;
                                        titleLocKey?: string;
                                        bodyLocKey?: string;
                                        locArgs?: string[];
                                    };
                                };
                                voipForCalls?: boolean;
                                sandboxAsProduction?: boolean;
                                timeToLiveSeconds?: number;
                            };
                            smsInbound: {
                                unknownOnly?: boolean;
                                optInKeywords?: string[];
                            };
                            criticalEventTypes: string[];
                        };
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    deleteApp: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    updateApp: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    settings?: {
                        offlineSuppressionSeconds?: number;
                        unknownUsersAreOffline?: boolean;
                        bounceThreshold?: number;
                        failingAfterAttempts?: number;
                        disableAfterFailingSeconds?: number;
                        retentionDays?: number;
                        retrySchedule?: number[];
                        push?: {
                            enabled?: boolean;
                            events?: string[];
                            visible?: boolean;
                            includeContent?: boolean;
                            templates?: {
                                [key: string]: {
                                    title?: string;
                                    body?: string;
                                    titleLocKey?: string;
                                    bodyLocKey?: string;
                                    locArgs?: string[];
                                };
                            };
                            voipForCalls?: boolean;
                            sandboxAsProduction?: boolean;
                            timeToLiveSeconds?: number;
                        };
                        smsInbound?: {
                            unknownOnly?: boolean;
                            optInKeywords?: string[];
                        };
                        criticalEventTypes?: string[];
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        name: string;
                        settings: {
                            offlineSuppressionSeconds: number;
                            unknownUsersAreOffline: boolean;
                            bounceThreshold: number;
                            failingAfterAttempts: number;
                            retentionDays: number;
                            retrySchedule: number[];
                            push: {
                                enabled?: boolean;
                                events?: string[];
                                visible?: boolean;
                                includeContent?: boolean;
                                templates?: {
                                    [key: string]: {
                                        title?: string;
                                        body?: string;
                                        titleLocKey?: string;
                                        bodyLocKey?: string;
                                        locArgs?: string[];
                                    };
                                };
                                voipForCalls?: boolean;
                                sandboxAsProduction?: boolean;
                                timeToLiveSeconds?: number;
                            };
                            smsInbound: {
                                unknownOnly?: boolean;
                                optInKeywords?: string[];
                            };
                            criticalEventTypes: string[];
                        };
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    getOwnApp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        name: string;
                        settings: {
                            offlineSuppressionSeconds: number;
                            unknownUsersAreOffline: boolean;
                            bounceThreshold: number;
                            failingAfterAttempts: number;
                            retentionDays: number;
                            retrySchedule: number[];
                            push: {
                                enabled?: boolean;
                                events?: string[];
                                visible?: boolean;
                                includeContent?: boolean;
                                templates?: {
                                    [key: string]: {
                                        title?: string;
                                        body?: string;
                                        titleLocKey?: string;
                                        bodyLocKey?: string;
                                        locArgs?: string[];
                                    };
                                };
                                voipForCalls?: boolean;
                                sandboxAsProduction?: boolean;
                                timeToLiveSeconds?: number;
                            };
                            smsInbound: {
                                unknownOnly?: boolean;
                                optInKeywords?: string[];
                            };
                            criticalEventTypes: string[];
                        };
                        portal?: {
                            readOnly: boolean;
                            expiresAt: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    listEndpoints: {
        parameters: {
            query?: {
                /** @description items per page, 1–100 (default 50) */
                limit?: string;
                /** @description nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path: {
                appId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: string;
                            url: string;
                            events: string[];
                            description?: string;
                            guaranteed: boolean;
                            format: string;
                            status: "enabled" | "disabled";
                            disabledReason?: string;
                            disabledAt?: string;
                            consecutiveFailures: number;
                            failingSince?: string;
                            ordered: boolean;
                            /** @description only events matching this filter are delivered here */
                            filter?: {
                                [key: string]: unknown;
                            };
                            /** @description deliveries per second at most; the others wait their turn */
                            rateLimit?: number;
                            /** @description JavaScript defining function handler(webhook), run in a sandbox before each delivery */
                            transformation?: string;
                            /** @description the extra headers sent on every request (their values are sealed and never shown) */
                            headerNames?: string[];
                            auth?: {
                                /** @enum {string} */
                                type: "oauth2";
                                tokenUrl: string;
                                clientId: string;
                                scope?: string;
                            };
                            /** @description the client certificate presented for mutual TLS (its key is sealed and never shown) */
                            tls?: {
                                subject: string;
                                issuer: string;
                                notAfter: string;
                                fingerprint256: string;
                                caPinned: boolean;
                            };
                            createdAt: string;
                            updatedAt: string;
                        }[];
                        nextCursor?: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    createEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    url: string;
                    events?: ("*" | "user.online" | "user.offline" | "message.created" | "message.sent" | "message.delivered" | "message.read" | "call.missed" | "instance.status" | "sms.inbound" | "sms.delivery_report" | "contact.unsubscribed" | "contact.status_changed" | "message.rejected" | "message.offline" | "contact.bounced" | "endpoint.disabled" | "endpoint.failing" | "endpoint.recovered")[];
                    eventMask?: number | string;
                    description?: string;
                    /** @description retry on the app's retrySchedule (default true); false: one attempt only (chat-api's mode) */
                    guaranteed?: boolean;
                    ordered?: boolean;
                    format?: "herald" | "mesibo" | "mqttchat" | "mobiniti";
                    formatOptions?: {
                        mesiboSecret?: string;
                    };
                    /** @description a JSON filter over type and data.* ($eq $neq $in $nin $gt $gte $lt $lte $exists $and $or $not) */
                    filter?: {
                        [key: string]: unknown;
                    };
                    /** @description deliveries per second at most, across every worker */
                    rateLimit?: number;
                    /** @description JavaScript source defining function handler(webhook) */
                    transformation?: string;
                    /** @description extra headers on every request; values are sealed and never shown again */
                    headers?: {
                        [key: string]: string;
                    };
                    /** @description OAuth 2.0 client credentials: Herald sends the token as Authorization: Bearer */
                    auth?: {
                        /** @enum {string} */
                        type: "oauth2";
                        tokenUrl: string;
                        clientId: string;
                        clientSecret: string;
                        scope?: string;
                    };
                    /** @description a client certificate and key (PEM) for mutual TLS; ca pins the receiver's CA */
                    tls?: {
                        certificate: string;
                        privateKey: string;
                        ca?: string;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        url: string;
                        events: string[];
                        description?: string;
                        guaranteed: boolean;
                        format: string;
                        status: "enabled" | "disabled";
                        disabledReason?: string;
                        disabledAt?: string;
                        consecutiveFailures: number;
                        failingSince?: string;
                        ordered: boolean;
                        /** @description only events matching this filter are delivered here */
                        filter?: {
                            [key: string]: unknown;
                        };
                        /** @description deliveries per second at most; the others wait their turn */
                        rateLimit?: number;
                        /** @description JavaScript defining function handler(webhook), run in a sandbox before each delivery */
                        transformation?: string;
                        /** @description the extra headers sent on every request (their values are sealed and never shown) */
                        headerNames?: string[];
                        auth?: {
                            /** @enum {string} */
                            type: "oauth2";
                            tokenUrl: string;
                            clientId: string;
                            scope?: string;
                        };
                        /** @description the client certificate presented for mutual TLS (its key is sealed and never shown) */
                        tls?: {
                            subject: string;
                            issuer: string;
                            notAfter: string;
                            fingerprint256: string;
                            caPinned: boolean;
                        };
                        createdAt: string;
                        updatedAt: string;
                        secret: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    getEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        url: string;
                        events: string[];
                        description?: string;
                        guaranteed: boolean;
                        format: string;
                        status: "enabled" | "disabled";
                        disabledReason?: string;
                        disabledAt?: string;
                        consecutiveFailures: number;
                        failingSince?: string;
                        ordered: boolean;
                        /** @description only events matching this filter are delivered here */
                        filter?: {
                            [key: string]: unknown;
                        };
                        /** @description deliveries per second at most; the others wait their turn */
                        rateLimit?: number;
                        /** @description JavaScript defining function handler(webhook), run in a sandbox before each delivery */
                        transformation?: string;
                        /** @description the extra headers sent on every request (their values are sealed and never shown) */
                        headerNames?: string[];
                        auth?: {
                            /** @enum {string} */
                            type: "oauth2";
                            tokenUrl: string;
                            clientId: string;
                            scope?: string;
                        };
                        /** @description the client certificate presented for mutual TLS (its key is sealed and never shown) */
                        tls?: {
                            subject: string;
                            issuer: string;
                            notAfter: string;
                            fingerprint256: string;
                            caPinned: boolean;
                        };
                        createdAt: string;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    deleteEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    updateEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    url?: string;
                    events?: ("*" | "user.online" | "user.offline" | "message.created" | "message.sent" | "message.delivered" | "message.read" | "call.missed" | "instance.status" | "sms.inbound" | "sms.delivery_report" | "contact.unsubscribed" | "contact.status_changed" | "message.rejected" | "message.offline" | "contact.bounced" | "endpoint.disabled" | "endpoint.failing" | "endpoint.recovered")[];
                    eventMask?: number | string;
                    description?: string;
                    /** @description retry on the app's retrySchedule (default true); false: one attempt only (chat-api's mode) */
                    guaranteed?: boolean;
                    ordered?: boolean;
                    format?: "herald" | "mesibo" | "mqttchat" | "mobiniti";
                    formatOptions?: {
                        mesiboSecret?: string;
                    };
                    filter?: {
                        [key: string]: unknown;
                    } | null;
                    rateLimit?: number | null;
                    transformation?: string | null;
                    headers?: {
                        [key: string]: string;
                    } | null;
                    auth?: {
                        /** @enum {string} */
                        type: "oauth2";
                        tokenUrl: string;
                        clientId: string;
                        clientSecret: string;
                        scope?: string;
                    } | null;
                    tls?: {
                        certificate: string;
                        privateKey: string;
                        ca?: string;
                    } | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        url: string;
                        events: string[];
                        description?: string;
                        guaranteed: boolean;
                        format: string;
                        status: "enabled" | "disabled";
                        disabledReason?: string;
                        disabledAt?: string;
                        consecutiveFailures: number;
                        failingSince?: string;
                        ordered: boolean;
                        /** @description only events matching this filter are delivered here */
                        filter?: {
                            [key: string]: unknown;
                        };
                        /** @description deliveries per second at most; the others wait their turn */
                        rateLimit?: number;
                        /** @description JavaScript defining function handler(webhook), run in a sandbox before each delivery */
                        transformation?: string;
                        /** @description the extra headers sent on every request (their values are sealed and never shown) */
                        headerNames?: string[];
                        auth?: {
                            /** @enum {string} */
                            type: "oauth2";
                            tokenUrl: string;
                            clientId: string;
                            scope?: string;
                        };
                        /** @description the client certificate presented for mutual TLS (its key is sealed and never shown) */
                        tls?: {
                            subject: string;
                            issuer: string;
                            notAfter: string;
                            fingerprint256: string;
                            caPinned: boolean;
                        };
                        createdAt: string;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    enableEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        url: string;
                        events: string[];
                        description?: string;
                        guaranteed: boolean;
                        format: string;
                        status: "enabled" | "disabled";
                        disabledReason?: string;
                        disabledAt?: string;
                        consecutiveFailures: number;
                        failingSince?: string;
                        ordered: boolean;
                        /** @description only events matching this filter are delivered here */
                        filter?: {
                            [key: string]: unknown;
                        };
                        /** @description deliveries per second at most; the others wait their turn */
                        rateLimit?: number;
                        /** @description JavaScript defining function handler(webhook), run in a sandbox before each delivery */
                        transformation?: string;
                        /** @description the extra headers sent on every request (their values are sealed and never shown) */
                        headerNames?: string[];
                        auth?: {
                            /** @enum {string} */
                            type: "oauth2";
                            tokenUrl: string;
                            clientId: string;
                            scope?: string;
                        };
                        /** @description the client certificate presented for mutual TLS (its key is sealed and never shown) */
                        tls?: {
                            subject: string;
                            issuer: string;
                            notAfter: string;
                            fingerprint256: string;
                            caPinned: boolean;
                        };
                        createdAt: string;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    disableEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": null | {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        url: string;
                        events: string[];
                        description?: string;
                        guaranteed: boolean;
                        format: string;
                        status: "enabled" | "disabled";
                        disabledReason?: string;
                        disabledAt?: string;
                        consecutiveFailures: number;
                        failingSince?: string;
                        ordered: boolean;
                        /** @description only events matching this filter are delivered here */
                        filter?: {
                            [key: string]: unknown;
                        };
                        /** @description deliveries per second at most; the others wait their turn */
                        rateLimit?: number;
                        /** @description JavaScript defining function handler(webhook), run in a sandbox before each delivery */
                        transformation?: string;
                        /** @description the extra headers sent on every request (their values are sealed and never shown) */
                        headerNames?: string[];
                        auth?: {
                            /** @enum {string} */
                            type: "oauth2";
                            tokenUrl: string;
                            clientId: string;
                            scope?: string;
                        };
                        /** @description the client certificate presented for mutual TLS (its key is sealed and never shown) */
                        tls?: {
                            subject: string;
                            issuer: string;
                            notAfter: string;
                            fingerprint256: string;
                            caPinned: boolean;
                        };
                        createdAt: string;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    getEndpointSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        secret: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    rotateEndpointSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        secret: string;
                        previousSecretValidUntil: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    listEvents: {
        parameters: {
            query?: {
                type?: string;
                status?: "accepted" | "delivering" | "completed" | "completed_with_failures" | "failed";
                /** @description items per page, 1–100 (default 50) */
                limit?: string;
                /** @description nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path: {
                appId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: string;
                            type: string;
                            status: string;
                            occurredAt: string;
                            receivedAt: string;
                            deliveryCount: number;
                        }[];
                        nextCursor?: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    sendEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    id?: string;
                    type: string;
                    data: {
                        [key: string]: unknown;
                    };
                    /** Format: date-time */
                    occurredAt?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        workflowId: string;
                    };
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        workflowId: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    getEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
                eventId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        type: string;
                        data: {
                            [key: string]: unknown;
                        };
                        occurredAt: string;
                        receivedAt: string;
                        status: string;
                        workflowId: string;
                        deliveries: {
                            endpointId: string;
                            /** @description set on a replay's delivery */
                            replayId?: string;
                            channel: string;
                            target: string;
                            status: string;
                            attempts: number;
                            lastStatusCode?: number;
                            lastError?: string;
                            /** @description why a delivery was skipped, held or cancelled (a user's preferences, a missing address, …) */
                            reason?: string;
                            nextAttemptAt?: string;
                            updatedAt: string;
                        }[];
                        deliveryCount: number;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    listEventAttempts: {
        parameters: {
            query?: {
                /** @description items per page, 1–100 (default 50) */
                limit?: string;
                /** @description nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path: {
                appId: string;
                eventId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            endpointId: string;
                            channel: string;
                            attempt: number;
                            webhookId: string;
                            url: string;
                            statusCode: number | null;
                            latencyMs: number;
                            error: string | null;
                            responseExcerpt: string | null;
                            /** @description delivered, retrying, failed, pending; skipped, held or cancelled by the user's policy (error says why) */
                            outcome?: string | null;
                            createdAt: string;
                        }[];
                        nextCursor?: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    sendEventBatch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    events: unknown[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            207: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        results: {
                            id: string | null;
                            status: number;
                            workflowId?: string;
                            error?: {
                                code: string;
                                message: string;
                                details: {
                                    in?: string;
                                    path?: string;
                                    message: string;
                                }[];
                            };
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    testEndpointTransformation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    type: string;
                    /** @description the event's data; the type's example when absent */
                    data?: {
                        [key: string]: unknown;
                    };
                    /** @description a source to try instead of the stored one */
                    transformation?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        method: string;
                        url: string;
                        headers: {
                            [key: string]: string;
                        };
                        payload: unknown;
                        cancel: boolean;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    getUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        userId: string;
                        email?: string;
                        phoneNumber?: string;
                        timeZone?: string;
                        locale?: string;
                        preferences: {
                            /** @description false mutes that kind of send; absent or true allows it */
                            channels?: {
                                push?: boolean;
                                email?: boolean;
                                sms?: boolean;
                                chat?: boolean;
                            };
                            events?: {
                                [key: string]: {
                                    push?: boolean;
                                    email?: boolean;
                                    sms?: boolean;
                                    chat?: boolean;
                                };
                            };
                            quietHours?: {
                                /** @description HH:MM, 24-hour */
                                start: string;
                                /** @description HH:MM, 24-hour */
                                end: string;
                                /** @description an IANA time zone; default the user's, then UTC */
                                timeZone?: string;
                            } | null;
                        };
                        /** @description sends the user's workflow holds (routes with a timing policy, quiet hours), each batch going as one send */
                        heldSends?: {
                            routeId: string;
                            /** @description delay, digest, throttle, quiet hours or retry */
                            waitingFor: string;
                            dueAt: string;
                            eventIds: string[];
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    putUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    email?: string;
                    /** @description E.164: +, then up to 15 digits */
                    phoneNumber?: string;
                    /** @description an IANA time zone, such as Europe/Berlin */
                    timeZone?: string;
                    /** @description a BCP 47 language tag, such as pt-BR */
                    locale?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        userId: string;
                        email?: string;
                        phoneNumber?: string;
                        timeZone?: string;
                        locale?: string;
                        preferences: {
                            /** @description false mutes that kind of send; absent or true allows it */
                            channels?: {
                                push?: boolean;
                                email?: boolean;
                                sms?: boolean;
                                chat?: boolean;
                            };
                            events?: {
                                [key: string]: {
                                    push?: boolean;
                                    email?: boolean;
                                    sms?: boolean;
                                    chat?: boolean;
                                };
                            };
                            quietHours?: {
                                /** @description HH:MM, 24-hour */
                                start: string;
                                /** @description HH:MM, 24-hour */
                                end: string;
                                /** @description an IANA time zone; default the user's, then UTC */
                                timeZone?: string;
                            } | null;
                        };
                        /** @description sends the user's workflow holds (routes with a timing policy, quiet hours), each batch going as one send */
                        heldSends?: {
                            routeId: string;
                            /** @description delay, digest, throttle, quiet hours or retry */
                            waitingFor: string;
                            dueAt: string;
                            eventIds: string[];
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    putUserPreferences: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description false mutes that kind of send; absent or true allows it */
                    channels?: {
                        push?: boolean;
                        email?: boolean;
                        sms?: boolean;
                        chat?: boolean;
                    };
                    events?: {
                        [key: string]: {
                            push?: boolean;
                            email?: boolean;
                            sms?: boolean;
                            chat?: boolean;
                        };
                    };
                    quietHours?: {
                        /** @description HH:MM, 24-hour */
                        start: string;
                        /** @description HH:MM, 24-hour */
                        end: string;
                        /** @description an IANA time zone; default the user's, then UTC */
                        timeZone?: string;
                    } | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description false mutes that kind of send; absent or true allows it */
                        channels?: {
                            push?: boolean;
                            email?: boolean;
                            sms?: boolean;
                            chat?: boolean;
                        };
                        events?: {
                            [key: string]: {
                                push?: boolean;
                                email?: boolean;
                                sms?: boolean;
                                chat?: boolean;
                            };
                        };
                        quietHours?: {
                            /** @description HH:MM, 24-hour */
                            start: string;
                            /** @description HH:MM, 24-hour */
                            end: string;
                            /** @description an IANA time zone; default the user's, then UTC */
                            timeZone?: string;
                        } | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    getPresence: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        userId: string;
                        presence: "online" | "offline" | "unknown";
                        treatedAs: "online" | "offline";
                        presenceAt?: string;
                        lastSeenAt?: string;
                        suppressingNoticesUntil?: string;
                        heldBack: number;
                        lastNoticeAt?: string;
                        noticesSent: number;
                        messagesSuppressed: number;
                        workflowId: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    listPushCredentials: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: string;
                            platform: string;
                            name: string;
                            environment?: string;
                            active: boolean;
                            expiresAt?: string;
                            daysToExpiry?: number;
                            status: string;
                            statusReason?: string;
                            keyId?: string;
                            teamId?: string;
                            topic?: string;
                            projectId?: string;
                            clientEmail?: string;
                            createdAt: string;
                            updatedAt: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    createPushCredential: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    platform: "apns" | "fcm";
                    name: string;
                    /** @description default true: it becomes the active one for its platform (and APNs environment) */
                    active?: boolean;
                    /** Format: date-time */
                    expiresAt?: string;
                    environment?: "sandbox" | "production";
                    /** @description Apple's 10-character key id */
                    keyId?: string;
                    /** @description Apple's 10-character team id */
                    teamId?: string;
                    /** @description the app's bundle id */
                    topic?: string;
                    privateKey?: string;
                    serviceAccount?: {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        platform: string;
                        name: string;
                        environment?: string;
                        active: boolean;
                        expiresAt?: string;
                        daysToExpiry?: number;
                        status: string;
                        statusReason?: string;
                        keyId?: string;
                        teamId?: string;
                        topic?: string;
                        projectId?: string;
                        clientEmail?: string;
                        createdAt: string;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    deletePushCredential: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
                credentialId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    updatePushCredential: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
                credentialId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    active?: boolean;
                    expiresAt?: string | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        platform: string;
                        name: string;
                        environment?: string;
                        active: boolean;
                        expiresAt?: string;
                        daysToExpiry?: number;
                        status: string;
                        statusReason?: string;
                        keyId?: string;
                        teamId?: string;
                        topic?: string;
                        projectId?: string;
                        clientEmail?: string;
                        createdAt: string;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    listDevices: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            platform: string;
                            token: string;
                            userId: string;
                            environment?: string;
                            voip: boolean;
                            createdAt: string;
                            updatedAt: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    registerDevice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    platform: "apns" | "fcm";
                    token: string;
                    /** @description APNs only; default production */
                    environment?: "sandbox" | "production";
                    /** @description APNs only: a PushKit token, pushed only for calls (settings.push.voipForCalls), on '<topic>.voip' */
                    voip?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        platform: string;
                        token: string;
                        userId: string;
                        environment?: string;
                        voip: boolean;
                        createdAt: string;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        platform: string;
                        token: string;
                        userId: string;
                        environment?: string;
                        voip: boolean;
                        createdAt: string;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    deleteDevice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
                userId: string;
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    listChannels: {
        parameters: {
            query?: {
                /** @description items per page, 1–100 (default 50) */
                limit?: string;
                /** @description nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path: {
                appId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: string;
                            type: string;
                            name: string;
                            status: string;
                            statusReason?: string;
                            /** @description without its secret fields */
                            config: {
                                [key: string]: unknown;
                            };
                            /** @description secret fields set (sealed, never returned) */
                            secretFields: string[];
                            createdAt: string;
                            updatedAt: string;
                        }[];
                        nextCursor?: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    createChannel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    type: "email" | "sms" | "slack" | "discord" | "teams" | "http";
                    name: string;
                    /** @description the channel type's config (docs/channels.md) */
                    config: {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        type: string;
                        name: string;
                        status: string;
                        statusReason?: string;
                        /** @description without its secret fields */
                        config: {
                            [key: string]: unknown;
                        };
                        /** @description secret fields set (sealed, never returned) */
                        secretFields: string[];
                        createdAt: string;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    getChannel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
                channelId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        type: string;
                        name: string;
                        status: string;
                        statusReason?: string;
                        /** @description without its secret fields */
                        config: {
                            [key: string]: unknown;
                        };
                        /** @description secret fields set (sealed, never returned) */
                        secretFields: string[];
                        createdAt: string;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    deleteChannel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
                channelId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    updateChannel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
                channelId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    /** @description fields to change; the others are kept */
                    config?: {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        type: string;
                        name: string;
                        status: string;
                        statusReason?: string;
                        /** @description without its secret fields */
                        config: {
                            [key: string]: unknown;
                        };
                        /** @description secret fields set (sealed, never returned) */
                        secretFields: string[];
                        createdAt: string;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    listRoutes: {
        parameters: {
            query?: {
                /** @description items per page, 1–100 (default 50) */
                limit?: string;
                /** @description nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path: {
                appId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: string;
                            channelId: string;
                            events: string[];
                            to?: string;
                            /** @enum {string} */
                            recipient?: "user";
                            /** @description send only while the user is offline (Herald's presence) */
                            onlyOffline?: boolean;
                            /** @description wait this long on a durable timer; cancelOn or the user coming online (onlyOffline) cancels */
                            delaySeconds?: number;
                            /** @description ack types (message.read, …) that cancel a waiting send of the same messageId */
                            cancelOn?: string[];
                            /** @description sends within the window (opened by the first) go as one when it ends */
                            digestSeconds?: number;
                            /** @description at most max sends per user per perSeconds; the rest folded into the next as a digest */
                            throttle?: {
                                max: number;
                                perSeconds: number;
                            };
                            template: {
                                subject?: string;
                                text?: string;
                                html?: string;
                                /** @description per BCP 47 tag: what a user of that locale is sent (pt-BR, then pt, then the fields above) */
                                locales?: {
                                    [key: string]: {
                                        subject?: string;
                                        text?: string;
                                        html?: string;
                                    };
                                };
                            };
                            filter?: {
                                [key: string]: unknown;
                            };
                            fallbackChannelIds?: string[];
                            createdAt: string;
                        }[];
                        nextCursor?: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    createRoute: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    events: ("*" | "user.online" | "user.offline" | "message.created" | "message.sent" | "message.delivered" | "message.read" | "call.missed" | "instance.status" | "sms.inbound" | "sms.delivery_report" | "contact.unsubscribed" | "contact.status_changed" | "message.rejected" | "message.offline" | "contact.bounced" | "endpoint.disabled" | "endpoint.failing" | "endpoint.recovered")[];
                    channelId: string;
                    /** @description a template: {{data.email}}, {{data.phoneNumber}} */
                    to?: string;
                    /**
                     * @description instead of `to`: the event's user (data.to of a message, data.userId otherwise), at the address the channel needs (PUT /users/:userId), under the user's preferences
                     * @enum {string}
                     */
                    recipient?: "user";
                    template?: {
                        subject?: string;
                        text?: string;
                        html?: string;
                        /** @description per BCP 47 tag: what a user of that locale is sent (pt-BR, then pt, then the fields above) */
                        locales?: {
                            [key: string]: {
                                subject?: string;
                                text?: string;
                                html?: string;
                            };
                        };
                    };
                    /** @description send only while the user is offline (Herald's presence) */
                    onlyOffline?: boolean;
                    /** @description wait this long on a durable timer; cancelOn or the user coming online (onlyOffline) cancels */
                    delaySeconds?: number;
                    /** @description ack types (message.read, …) that cancel a waiting send of the same messageId */
                    cancelOn?: string[];
                    /** @description sends within the window (opened by the first) go as one when it ends */
                    digestSeconds?: number;
                    /** @description at most max sends per user per perSeconds; the rest folded into the next as a digest */
                    throttle?: {
                        max: number;
                        perSeconds: number;
                    };
                    /** @description only events matching this JSON filter are sent on this route */
                    filter?: {
                        [key: string]: unknown;
                    };
                    /** @description channels (of the same kind of recipient) a send moves to when the one in use fails for a while */
                    fallbackChannelIds?: string[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        channelId: string;
                        events: string[];
                        to?: string;
                        /** @enum {string} */
                        recipient?: "user";
                        /** @description send only while the user is offline (Herald's presence) */
                        onlyOffline?: boolean;
                        /** @description wait this long on a durable timer; cancelOn or the user coming online (onlyOffline) cancels */
                        delaySeconds?: number;
                        /** @description ack types (message.read, …) that cancel a waiting send of the same messageId */
                        cancelOn?: string[];
                        /** @description sends within the window (opened by the first) go as one when it ends */
                        digestSeconds?: number;
                        /** @description at most max sends per user per perSeconds; the rest folded into the next as a digest */
                        throttle?: {
                            max: number;
                            perSeconds: number;
                        };
                        template: {
                            subject?: string;
                            text?: string;
                            html?: string;
                            /** @description per BCP 47 tag: what a user of that locale is sent (pt-BR, then pt, then the fields above) */
                            locales?: {
                                [key: string]: {
                                    subject?: string;
                                    text?: string;
                                    html?: string;
                                };
                            };
                        };
                        filter?: {
                            [key: string]: unknown;
                        };
                        fallbackChannelIds?: string[];
                        createdAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    deleteRoute: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
                routeId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    getContact: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
                contactId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        contactId: string;
                        phoneNumber?: string;
                        bounces: number;
                        bounced: boolean;
                        unsubscribed: boolean;
                        status: string;
                        updatedAt?: string;
                        workflowId: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    listEndpointAttempts: {
        parameters: {
            query?: {
                /** @description succeeded: a 2xx answer; failed: anything else */
                status?: "succeeded" | "failed";
                eventType?: string;
                since?: string;
                until?: string;
                /** @description items per page, 1–100 (default 50) */
                limit?: string;
                /** @description nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path: {
                appId: string;
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            endpointId: string;
                            channel: string;
                            attempt: number;
                            webhookId: string;
                            url: string;
                            statusCode: number | null;
                            latencyMs: number;
                            error: string | null;
                            responseExcerpt: string | null;
                            /** @description delivered, retrying, failed, pending; skipped, held or cancelled by the user's policy (error says why) */
                            outcome?: string | null;
                            createdAt: string;
                            eventId: string;
                            eventType: string;
                        }[];
                        nextCursor?: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    replayEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
                eventId: string;
            };
            cookie?: never;
        };
        /** @description optional: no body replays to every endpoint of the event */
        requestBody: {
            content: {
                "application/json": {
                    endpointId?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        replayId: string;
                        workflowId: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    testEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    type: "user.online" | "user.offline" | "message.created" | "message.sent" | "message.delivered" | "message.read" | "call.missed" | "instance.status" | "sms.inbound" | "sms.delivery_report" | "contact.unsubscribed" | "contact.status_changed" | "message.rejected" | "message.offline" | "contact.bounced" | "endpoint.disabled" | "endpoint.failing" | "endpoint.recovered";
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode?: number;
                        latencyMs: number;
                        responseExcerpt?: string;
                        error?: string;
                        webhookId: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    getStats: {
        parameters: {
            query?: {
                /** @description e.g. 15m, 24h, 7d; at most 30d */
                window?: string;
                /** @description the series' step, e.g. 1m, 1h; by default the smallest of 1m, 5m, 15m, 1h, 6h, 1d that makes at most 120 points */
                bucket?: string;
                /** @description the series of one endpoint or route */
                endpointId?: string;
            };
            header?: never;
            path: {
                appId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        window: string;
                        since: string;
                        events: number;
                        deliverySuccess: {
                            percent: number | null;
                            threshold: number;
                            breached: boolean;
                            delivered: number;
                            ended: number;
                        };
                        webhookFailureRate: {
                            percent: number | null;
                            threshold: number;
                            breached: boolean;
                            failed: number;
                            attempts: number;
                        };
                        coverage: {
                            percent: number | null;
                            typesReceived: string[];
                            withoutSubscriber: string[];
                        };
                        credentials: {
                            id: string;
                            name: string;
                            platform: string;
                            daysToExpiry: number;
                            threshold: number;
                            breached: boolean;
                        }[];
                        bucket: string;
                        series: {
                            at: string;
                            delivered: number;
                            retrying: number;
                            failed: number;
                            p50Ms: number | null;
                            p99Ms: number | null;
                            ended: number;
                            endedDelivered: number;
                            webhookAttempts: number;
                            webhookFailed: number;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    recoverEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date-time
                     * @description events received from this instant on (up to now)
                     */
                    since: string;
                    /** @description deliveries at once (default 10) */
                    concurrency?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        workflowId: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    getRecovery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
                endpointId: string;
                recoveryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        endpointId: string;
                        workflowId: string;
                        since: string;
                        until: string;
                        status: "running" | "completed" | "failed";
                        /** @description events with a failed delivery to the endpoint and none delivered, found so far */
                        found: number;
                        delivered: number;
                        failed: number;
                        error?: string;
                        createdAt: string;
                        updatedAt: string;
                        completedAt?: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    listBins: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: string;
                            url: string;
                            expiresAt: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    createBin: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        url: string;
                        expiresAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    listBinRequests: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
                binId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            method: string;
                            path: string;
                            headers: {
                                [key: string]: unknown;
                            };
                            body: string;
                            truncated: boolean;
                            receivedAt: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    createPortalLink: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description how long the link may be opened (once); 300 by default */
                    expiresInSeconds?: number;
                    /** @description the session sees everything and changes nothing */
                    readOnly?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        url: string;
                        expiresAt: string;
                        readOnly: boolean;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
    previewTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    template: {
                        to?: string;
                        subject?: string;
                        text?: string;
                        html?: string;
                        title?: string;
                        body?: string;
                    };
                    /** @description the event type whose sample event renders it; message.created by default */
                    type?: string;
                    /** @description the event's data instead of the sample's */
                    data?: {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        event: {
                            id: string;
                            type: string;
                            occurredAt: string;
                            data: {
                                [key: string]: unknown;
                            };
                        };
                        rendered: {
                            [key: string]: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                            details: {
                                in?: string;
                                path?: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
    };
}
